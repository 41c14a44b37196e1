namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>Which part of a request a server refused as too large; each points the store owner at a different fix.</summary>
public enum OversizedPart
{
    /// <summary>HTTP 431: the headers, where an over-long credential (a pasted session token) travels.</summary>
    Headers,

    /// <summary>HTTP 414: the address (the endpoint URL).</summary>
    Address,

    /// <summary>HTTP 413: the request body.</summary>
    Body,

    /// <summary>WebSocket close 1009: a message, such as a connection_init carrying an over-long session token.</summary>
    Message,
}
