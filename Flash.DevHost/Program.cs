using Flash.DevHost;

// dotnet run --project Flash.DevHost [-- --urls http://127.0.0.1:5180] [--flash-server https://api.flashapp.me/graphql]
//     [--state-dir .flash-dev] [--mock-urls http://127.0.0.1:5181] [--mock-profile flash-today]
DevHostOptions options;
try
{
    options = DevHostOptions.FromCommandLine(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"flash-devhost: {e.Message}");
    return 2;
}

await using var host = await FlashDevHost.StartAsync(options);
Console.WriteLine($"Flash dev host: open {host.BaseUri}");
if (host.Mock is { } mock)
{
    Console.WriteLine($"Embedded mock Flash server at {mock.GraphQLUri}; demo account '{mock.Demo.Username}' session token: {mock.Demo.SessionToken}");
    if (options.MockProfile is { } profile)
        Console.WriteLine($"Mock profile: {profile}");
}
else
    Console.WriteLine($"Flash server: {host.FlashServer} (sign in to Flash and paste your session token on the store's Flash page)");
await host.WaitForShutdownAsync();
return 0;
