namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>
/// Flash answered, but the plugin refuses what it answered: the account has no wallet to use, the server runs on
/// another network, an invoice does not match what was asked for, or the chosen wallet cannot receive. Not a failure
/// talking to the server (that is <see cref="GraphQL.FlashApiException"/>): repeating the call gets the same answer.
/// Messages name the server and never carry a response body, which can echo a credential.
/// </summary>
public abstract class FlashAnswerRejectedException : Exception
{
    protected FlashAnswerRejectedException(string message, string server, Exception? innerException = null)
        : base(message, innerException)
    {
        Server = server;
    }

    /// <summary>Host and port of the server, without path, query or user info.</summary>
    public string Server { get; }

    /// <summary>A problem followed by the server it happened on, as every Flash failure names it: "... (server host:port)".</summary>
    protected static string OnServer(string problem, string server) =>
        server.Length == 0 ? problem : $"{problem} (server {server})";
}
