using Flash.MockServer.Hosting;
using Microsoft.Extensions.Logging;
using NBitcoin;

// dotnet run --project Flash.MockServer [-- --dialect seed|fip07|both] [--seed-token-shape checksummed|seed-branch]
//     [--profile flash-today] [--db PATH|:memory:] [--network regtest|testnet|signet|mainnet] [--control] [--urls http://127.0.0.1:5080]
//     [--rate-limit REQUESTS_PER_MINUTE]

var options = new MockFlashServerOptions { Urls = "http://127.0.0.1:5080" };
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--dialect":
                options.Dialect = Enum.TryParse<TokenDialect>(Value(), ignoreCase: true, out var dialect) ? dialect : throw new ArgumentException("--dialect must be seed, fip07 or both");
                break;
            case "--seed-token-shape":
                options.SeedTokenShape = Value() switch
                {
                    "checksummed" => SeedTokenShape.Checksummed,
                    "seed-branch" => SeedTokenShape.SeedBranch,
                    _ => throw new ArgumentException("--seed-token-shape must be checksummed or seed-branch"),
                };
                break;
            case "--profile":
                options.ApplyProfile(Value());
                break;
            case "--db":
                options.DatabasePath = Value();
                break;
            case "--network":
                options.Network = Value().ToLowerInvariant() switch
                {
                    "mainnet" => ChainName.Mainnet,
                    "testnet" => ChainName.Testnet,
                    "regtest" => ChainName.Regtest,
                    "signet" => new ChainName("Signet"),
                    var other => throw new ArgumentException($"Unknown network '{other}'"),
                };
                break;
            case "--control":
                options.EnableControlApi = true;
                break;
            case "--urls":
                options.Urls = Value();
                break;
            case "--rate-limit":
                options.DefaultRateLimitPerMinute = int.TryParse(Value(), out var limit) && limit > 0
                    ? limit
                    : throw new ArgumentException("--rate-limit must be a whole number of requests a minute, 1 or more");
                break;
            default:
                throw new ArgumentException($"Unknown option '{args[i]}'");
        }
    }
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"flash-mock: {e.Message}");
    return 2;
}

await using var server = await MockFlashServer.StartAsync(options, logging => logging.AddSimpleConsole());
Console.WriteLine($"Flash mock server: dialect {options.Dialect}, flash_ tokens {options.SeedTokenShape}, database {options.DatabasePath}, control API {(options.EnableControlApi ? "on" : "off")}");
Console.WriteLine($"HTTP:      {server.GraphQLUri}");
Console.WriteLine($"WebSocket: {server.WebSocketUri}");
Console.WriteLine($"Demo account '{server.Demo.Username}' session token: {server.Demo.SessionToken}");

// The host's console lifetime turns SIGINT and SIGTERM into a graceful stop; waiting for it lets the process end.
await server.WaitForShutdownAsync();
return 0;
