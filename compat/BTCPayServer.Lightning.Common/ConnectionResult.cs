namespace BTCPayServer.Lightning;

public enum ConnectionResult
{
    Ok,
    CouldNotConnect
}
