using Flash.MockServer.Storage;
using NBitcoin;

namespace Flash.MockServer.Lightning;

/// <summary>
/// The mock's lightning node: a secp256k1 key that signs every invoice (kept in the database, so invoices
/// and <c>globals.nodesIds</c> stay stable across restarts) and the network that picks the BOLT11 prefix.
/// </summary>
internal sealed class MockLightningNode
{
    private MockLightningNode(Key key, Network network)
    {
        Key = key;
        Network = network;
        NodeId = key.PubKey.ToHex();
    }

    public Key Key { get; }

    public Network Network { get; }

    public string NodeId { get; }

    /// <summary>The name Flash's <c>Network</c> enum uses.</summary>
    public string NetworkName => Network.ChainName == ChainName.Mainnet ? "mainnet" : Network.ChainName.ToString().ToLowerInvariant();

    public static async Task<MockLightningNode> LoadOrCreateAsync(SqliteDatabase database, ChainName chain, CancellationToken cancellation)
    {
        var network = Bitcoin.Instance.GetNetwork(chain) ?? throw new ArgumentException($"Unsupported network {chain}", nameof(chain));
        var hex = await database.WriteAsync(async (c, t, ct) =>
        {
            await using (var select = c.Command("SELECT value FROM node WHERE key = 'private_key'", t))
            {
                if (await select.ExecuteScalarAsync(ct) is string existing)
                    return existing;
            }
            var created = Convert.ToHexStringLower(new Key().ToBytes());
            await using var insert = c.Command("INSERT INTO node (key, value) VALUES ('private_key', $value)", t, ("$value", created));
            await insert.ExecuteNonQueryAsync(ct);
            return created;
        }, cancellation);
        return new MockLightningNode(new Key(Convert.FromHexString(hex)), network);
    }
}
