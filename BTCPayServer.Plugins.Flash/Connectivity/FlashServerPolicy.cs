using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace BTCPayServer.Plugins.Flash.Connectivity;

/// <summary>
/// Whether a store page may make this BTCPay Server connect to a Flash server. BTCPay's rule for lightning
/// connection strings, applied before any connection is attempted: a user without the server-settings policy may
/// not reach a local or private address, nor a name that only a local network resolves; a public name is looked up
/// and every address it has is checked. Onion services go only through BTCPay's Tor proxy and are never looked up.
/// </summary>
public sealed class FlashServerPolicy
{
    /// <summary>BTCPayServer.Client's <c>Policies.CanModifyServerSettings</c>: who may point a store at a local address.</summary>
    public const string CanModifyServerSettings = "btcpay.server.canmodifyserversettings";

    private readonly FlashTorOptions _tor;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    public FlashServerPolicy(IOptions<FlashTorOptions> tor)
        : this(tor, Dns.GetHostAddressesAsync)
    {
    }

    /// <param name="resolve">Looks a name up (DNS by default).</param>
    public FlashServerPolicy(IOptions<FlashTorOptions> tor, Func<string, CancellationToken, Task<IPAddress[]>> resolve)
    {
        ArgumentNullException.ThrowIfNull(tor);
        ArgumentNullException.ThrowIfNull(resolve);
        _tor = tor.Value;
        _resolve = resolve;
    }

    /// <summary>Why the page may not connect to <paramref name="server"/>, in a sentence for the store owner; null when it may.</summary>
    /// <param name="mayReachLocalNetwork">The user holds <see cref="CanModifyServerSettings"/>.</param>
    public async Task<string?> RefusalAsync(Uri server, bool mayReachLocalNetwork, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!server.IsAbsoluteUri || server.Scheme is not ("https" or "http") || server.UserInfo.Length > 0)
            return "Enter the https address of Flash's GraphQL API, e.g. https://api.flashapp.me/graphql";
        var host = FlashServerAddress.HostOf(server);
        if (FlashServerAddress.IsOnion(server))
        {
            if (!FlashServerAddress.IsValidOnion(server))
                return $"{host} is not a valid onion address: a Tor v3 address has 56 letters and digits before .onion.";
            return _tor.Proxy() is null
                ? "This BTCPay Server has no Tor proxy configured, so it cannot reach .onion addresses: use Flash's https address, or ask the server's administrator to set up Tor (socksendpoint)."
                : null;
        }

        bool local;
        if (FlashServerAddress.LiteralAddressOf(server) is { } literal)
            local = FlashServerAddress.IsLocal(literal);
        else if (FlashServerAddress.IsLocalName(host))
            local = true;
        else if (await ResolvesLocallyAsync(host, cancellation) is { } resolved)
            local = resolved;
        else
            return $"Could not find the Flash server {host}: check the address.";
        if (local && !mayReachLocalNetwork)
            return $"{host} is on a local or private network, which only a BTCPay Server administrator may connect a store to: use Flash's public https address, e.g. https://api.flashapp.me/graphql";
        if (server.Scheme == "http" && !server.IsLoopback)
            return "Flash's address must start with https:// (plain http is allowed only for this machine and .onion addresses)";
        return null;
    }

    /// <summary>
    /// <see cref="RefusalAsync(Uri, bool, CancellationToken)"/> for both addresses of a server: its GraphQL endpoint,
    /// and its WebSocket endpoint when that is another name (Flash pairs api.X with ws.X), which may resolve elsewhere.
    /// </summary>
    public async Task<string?> RefusalAsync(FlashEndpoints endpoints, bool mayReachLocalNetwork, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (await RefusalAsync(endpoints.GraphQL, mayReachLocalNetwork, cancellation) is { } refusal)
            return refusal;
        var webSocket = new UriBuilder(endpoints.WebSocket) { Scheme = endpoints.WebSocket.Scheme == "wss" ? "https" : "http" }.Uri;
        if (string.Equals(webSocket.IdnHost, endpoints.GraphQL.IdnHost, StringComparison.OrdinalIgnoreCase))
            return null;
        return await RefusalAsync(webSocket, mayReachLocalNetwork, cancellation) is { } socketRefusal
            ? $"Flash's WebSocket address {endpoints.WebSocket.Authority} cannot be used: {socketRefusal}"
            : null;
    }

    /// <summary>True when some address of the name is local; null when the name does not resolve at all.</summary>
    private async Task<bool?> ResolvesLocallyAsync(string host, CancellationToken cancellation)
    {
        IPAddress[] addresses;
        try
        {
            addresses = await _resolve(host, cancellation);
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            // Not found, or not a name DNS can look up at all (too long, a bad label).
            return null;
        }
        return addresses.Length == 0 ? null : addresses.Any(FlashServerAddress.IsLocal);
    }
}
