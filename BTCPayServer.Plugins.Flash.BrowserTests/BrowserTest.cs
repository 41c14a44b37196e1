using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using BTCPayServer.Plugins.Flash.Tests.DevHost;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BTCPayServer.Plugins.Flash.BrowserTests;

/// <summary>
/// A test in a real browser against a fresh dev host. Steps run through <see cref="RunAsync"/>, which keeps a
/// screenshot of the page when a step fails (TestResults/screenshots). Every URL the browser asks for and every HTML
/// page it is sent are recorded, so a test can check them for secrets. The dev host sends BTCPay's content security
/// policy, and every violation the browser reports (a blocked inline script or handler, a script from elsewhere)
/// fails the test: what the browser blocks here, it blocks inside BTCPay.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(ChromiumFixture chromium) : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _urls = new();
    private readonly ConcurrentQueue<Task<string?>> _pages = new();
    private readonly ConcurrentQueue<string> _cspViolations = new();
    private DevHostHarness? _devHost;
    private IBrowserContext? _context;
    private IPage? _page;

    private protected DevHostHarness DevHost => _devHost ?? throw new InvalidOperationException("The dev host starts in InitializeAsync");

    protected IPage Page => _page ?? throw new InvalidOperationException("The page opens in InitializeAsync");

    /// <summary>Every URL requested so far, and the HTML of every page received (raw, as the server sent it).</summary>
    protected async Task<IReadOnlyList<string>> SeenAsync() =>
        [.. _urls, .. (await Task.WhenAll(_pages)).OfType<string>()];

    public async Task InitializeAsync()
    {
        _devHost = await DevHostHarness.StartAsync(ConfigureMock);
        _context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = DevHost.Host.BaseUri.ToString() });
        // Playwright's own scripts are not subject to the page's policy: they see every violation of every document.
        await _context.ExposeFunctionAsync<string>(CspViolationFunction, _cspViolations.Enqueue);
        await _context.AddInitScriptAsync(ReportCspViolations);
        _page = await _context.NewPageAsync();
        _page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                _cspViolations.Enqueue("console: " + message.Text);
        };
        _page.Request += (_, request) => _urls.Enqueue(request.Url);
        _page.Response += (_, response) =>
        {
            // Read later, off Playwright's event thread; await SeenAsync() collects them.
            if (response.Request.ResourceType is "document" or "fetch" && response.Status == 200)
                _pages.Enqueue(BodyAsync(response));
        };
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
            await _context.DisposeAsync();
        if (_devHost is not null)
            await _devHost.DisposeAsync();
    }

    private static async Task<string?> BodyAsync(IResponse response)
    {
        try
        {
            return await response.TextAsync();
        }
        catch (PlaywrightException)
        {
            // The browser dropped the body of a page already left; the tests that check secrecy read each state as well.
            return null;
        }
    }

    /// <summary>Adjusts the dev host's embedded mock for every test of the class.</summary>
    private protected virtual void ConfigureMock(global::Flash.MockServer.Hosting.MockFlashServerOptions options)
    {
    }

    private const string CspViolationFunction = "flashTestsSawCspViolation";

    private const string ReportCspViolations = $$"""
        document.addEventListener("securitypolicyviolation", function (e) {
            window.{{CspViolationFunction}}("securitypolicyviolation: " + e.effectiveDirective + " blocked " + (e.blockedURI || "(none)")
                + " on " + e.documentURI + (e.sourceFile ? " at " + e.sourceFile + ":" + e.lineNumber : ""));
        }, true);
        """;

    /// <summary>The violations the browser reported so far (and forgets them), after the page's pending reports arrived.</summary>
    protected async Task<IReadOnlyList<string>> TakeCspViolationsAsync()
    {
        // A round trip to the page: the reports it sent before this reach the test first.
        await Page.EvaluateAsync("() => document.readyState");
        var violations = new List<string>();
        while (_cspViolations.TryDequeue(out var violation))
            violations.Add(violation);
        return violations;
    }

    protected async Task RunAsync(Func<IPage, Task> steps, [CallerMemberName] string test = "")
    {
        try
        {
            await steps(Page);
            var violations = await TakeCspViolationsAsync();
            Assert.True(violations.Count == 0, "The browser blocked what BTCPay's content security policy forbids:\n" + string.Join("\n", violations));
        }
        catch
        {
            var folder = Directory.CreateDirectory(Repository.PathOf("TestResults", "screenshots"));
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder.FullName, $"{GetType().Name}.{test}.png"), FullPage = true });
            throw;
        }
    }

    protected Task OpenSettingsAsync() => Page.GotoAsync(DevHost.SettingsPath.ToString());

    /// <summary>Connects through the form, as a store owner would, and waits for the connected status.</summary>
    protected async Task ConnectInBrowserAsync(string? server = null, string? sessionToken = null)
    {
        await OpenSettingsAsync();
        if (server is not null)
            await Page.FillAsync("#Connect_Server", server);
        await Page.FillAsync("#Connect_SessionToken", sessionToken ?? DevHost.SessionToken);
        await Page.ClickAsync("#FlashConnect");
    }

    /// <summary>Asserts that no secret appears in any URL requested, any HTML page sent, or any log line.</summary>
    protected async Task AssertNoSecretSeenAsync(params string[] moreSecrets)
    {
        var secrets = (await DevHost.SecretsAsync()).Concat(moreSecrets).Where(s => s.Length > 0).Distinct().ToList();
        foreach (var text in await SeenAsync())
            foreach (var secret in secrets)
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        DevHost.Logs.AssertContainsNone([.. secrets]);
    }

    /// <summary>With FLASH_UPDATE_DOCS=1, the page is also saved as the README's picture docs/{name}.png.</summary>
    protected async Task ScreenshotForDocsAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("FLASH_UPDATE_DOCS") != "1")
            return;
        await Page.SetViewportSizeAsync(1280, 900);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Repository.PathOf("docs", name + ".png"), FullPage = true });
    }
}
