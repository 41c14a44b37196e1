namespace BTCPayServer.Lightning;

public enum PayResult
{
    Ok,
    Unknown,
    CouldNotFindRoute,
    Error
}
