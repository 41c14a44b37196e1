namespace BTCPayServer.Lightning;

public enum OpenChannelResult
{
    Ok,
    CannotAffordFunding,
    PeerNotConnected,
    NeedMoreConf,
    AlreadyExists,
}
