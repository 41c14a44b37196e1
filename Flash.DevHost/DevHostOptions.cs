using Flash.MockServer.Hosting;
using Microsoft.Extensions.Configuration;

namespace Flash.DevHost;

/// <summary>How the dev host runs: its own address, the Flash server it talks to, and where it keeps its state.</summary>
public sealed class DevHostOptions
{
    public const string DefaultUrls = "http://127.0.0.1:5180";
    public const string DefaultMockUrls = "http://127.0.0.1:5181";

    /// <summary>The dev host's own address (ASP.NET Core's <c>--urls</c>); port 0 picks a free port.</summary>
    public string Urls { get; set; } = DefaultUrls;

    /// <summary>A Flash GraphQL endpoint to use instead of the embedded mock (<c>--flash-server</c>).</summary>
    public Uri? FlashServer { get; set; }

    /// <summary>Key ring, settings and the mock's database (<c>--state-dir</c>; ignored by git).</summary>
    public string StateDirectory { get; set; } = ".flash-dev";

    /// <summary>Where the embedded mock listens (<c>--mock-urls</c>): fixed by default so stored connections survive a restart.</summary>
    public string MockUrls { get; set; } = DefaultMockUrls;

    /// <summary>
    /// A preset of the embedded mock (<c>--mock-profile</c>): <c>flash-today</c> behaves like Flash in production
    /// today (see <see cref="MockFlashServerOptions.ApplyProfile"/>); null: the mock's defaults.
    /// </summary>
    public string? MockProfile { get; set; }

    /// <summary>The embedded mock's database; null: a file in <see cref="StateDirectory"/>.</summary>
    public string? MockDatabasePath { get; set; }

    /// <summary>Adjusts the embedded mock (tests use it for limits and profiles).</summary>
    public Action<MockFlashServerOptions>? ConfigureMock { get; set; }

    /// <summary>Wraps the settings repository BTCPay would supply (tests make it fail, as BTCPay's database can).</summary>
    public Func<BTCPayServer.Abstractions.Contracts.ISettingsRepository, BTCPayServer.Abstractions.Contracts.ISettingsRepository>? WrapSettings { get; set; }

    /// <summary>Replaces the console logging of a run (tests capture logs to check them for secrets).</summary>
    public Action<Microsoft.Extensions.Logging.ILoggingBuilder>? Logging { get; set; }

    /// <summary>Reads <c>--urls</c>, <c>--flash-server</c>, <c>--state-dir</c>, <c>--mock-urls</c> and <c>--mock-profile</c>.</summary>
    public static DevHostOptions FromCommandLine(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(args).Build();
        var options = new DevHostOptions();
        options.Urls = configuration["urls"] ?? options.Urls;
        options.StateDirectory = configuration["state-dir"] ?? options.StateDirectory;
        options.MockUrls = configuration["mock-urls"] ?? options.MockUrls;
        if (configuration["flash-server"] is { } server)
        {
            options.FlashServer = Uri.TryCreate(server, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
                ? uri
                : throw new ArgumentException($"--flash-server must be the http(s) URL of a Flash GraphQL endpoint, e.g. https://api.flashapp.me/graphql (got '{server}')");
        }
        if (configuration["mock-profile"] is { } profile)
        {
            if (options.FlashServer is not null)
                throw new ArgumentException("--mock-profile sets up the embedded mock Flash server, which --flash-server replaces: use one or the other");
            // Checked now, so a mistyped name stops the dev host before it starts anything.
            try
            {
                new MockFlashServerOptions().ApplyProfile(profile);
            }
            catch (ArgumentException)
            {
                throw new ArgumentException($"--mock-profile must be default or {MockFlashServerOptions.FlashTodayProfile} (got '{profile}')");
            }
            options.MockProfile = profile;
        }
        return options;
    }
}
