namespace BTCPayServer.Plugins.Flash.StoreConnection;

/// <summary>The outcome of the last read query made with the store's token, in words for the store owner.</summary>
public sealed class FlashConnectionCheck
{
    public DateTimeOffset CheckedAt { get; set; }

    public bool Succeeded { get; set; }

    public string Message { get; set; } = "";
}
