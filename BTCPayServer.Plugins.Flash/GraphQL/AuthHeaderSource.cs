namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>
/// Supplies the credential header for each HTTP request, or null to send none. Called per attempt, so a token
/// layer can decrypt, refresh or switch dialect between requests.
/// </summary>
public delegate ValueTask<AuthHeader?> AuthHeaderSource(CancellationToken cancellation);
