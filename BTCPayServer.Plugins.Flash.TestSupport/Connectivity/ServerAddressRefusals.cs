namespace BTCPayServer.Plugins.Flash.Tests.Connectivity;

/// <summary>The Flash page's refusals of a server address, word for word, for the policy's tests and the page's.</summary>
internal static class ServerAddressRefusals
{
    internal static string Local(string host) =>
        $"{host} is on a local or private network, which only a BTCPay Server administrator may connect a store to: use Flash's public https address, e.g. https://api.flashapp.me/graphql";
}
