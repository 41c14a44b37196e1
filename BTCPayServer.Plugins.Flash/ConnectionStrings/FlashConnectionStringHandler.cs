using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Lightning;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.ConnectionStrings;

/// <summary>
/// BTCPay's entry point for <c>type=flash</c> connection strings: it parses, and <see cref="FlashConnections"/>
/// makes the client (and owns what outlives one: the account's session, the connection's open invoices).
/// </summary>
public sealed class FlashConnectionStringHandler(FlashConnections connections) : ILightningConnectionStringHandler
{
    /// <summary>Null with a null error for other types; null with a sentence for a malformed Flash string.</summary>
    public ILightningClient Create(string connectionString, Network network, out string error)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!FlashConnectionString.TryParse(connectionString, network, out var connection, out var problem))
        {
            error = problem!;
            return null!;
        }
        error = null!;
        return connections.CreateClient(connectionString, connection!, network);
    }
}
