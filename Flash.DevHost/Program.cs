using System.Net;
using BTCPayServer.Plugins.Flash;
using Flash.DevHost;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
    builder.WebHost.UseUrls("http://127.0.0.1:5180");

var plugins = PluginLoader.LoadFrom(typeof(FlashPlugin).Assembly);
foreach (var plugin in plugins)
    plugin.Execute(builder.Services);

var app = builder.Build();
foreach (var plugin in plugins)
    plugin.Execute(app, app.Services);

app.MapGet("/", () => Results.Content(
    "<!doctype html><title>Flash dev host</title><h1>Flash dev host</h1><ul>" +
    string.Concat(plugins.Select(p =>
        $"<li>{WebUtility.HtmlEncode(p.Name)} {p.Version} ({WebUtility.HtmlEncode(p.Identifier)}), requires " +
        string.Join(", ", p.Dependencies.Select(d => WebUtility.HtmlEncode(d.ToString()))) + "</li>")) +
    "</ul>", "text/html"));

app.Lifetime.ApplicationStarted.Register(() =>
{
    foreach (var url in app.Urls)
        Console.WriteLine($"Flash dev host: open {url}/");
});

await app.RunAsync();
