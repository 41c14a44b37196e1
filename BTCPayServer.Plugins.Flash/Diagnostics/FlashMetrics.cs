using System.Diagnostics;
using System.Diagnostics.Metrics;
using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Diagnostics;

/// <summary>
/// The numbers a BTCPay operator can watch, as <see cref="System.Diagnostics.Metrics"/> instruments of the meter
/// <see cref="MeterName"/>, which an OpenTelemetry collector (or <c>dotnet-counters</c>) reads. Every measurement is
/// tagged with the Flash server (<c>flash.server</c>, host and port); operation names are the plugin's own; no tag ever
/// carries a token, a key, an account or an invoice. The names are listed in the README.
/// </summary>
internal static class FlashMetrics
{
    public const string MeterName = "BTCPayServer.Plugins.Flash";

    public const string ServerTag = "flash.server";
    public const string OperationTag = "flash.operation";
    public const string OutcomeTag = "flash.outcome";
    public const string StatusTag = "flash.invoice.status";

    private static readonly Meter Meter = new(MeterName, typeof(FlashMetrics).Assembly.GetName().Version?.ToString(3));

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "flash.client.requests", "{request}", "GraphQL requests sent to Flash over HTTP, by operation and outcome.");

    private static readonly Counter<long> RateLimited = Meter.CreateCounter<long>(
        "flash.client.rate_limited", "{request}", "Requests Flash refused because the key's rate limit was reached.");

    private static readonly Counter<long> TokenRejections = Meter.CreateCounter<long>(
        "flash.client.token_rejections", "{request}", "Requests Flash refused because it no longer accepts the store's token (HTTP 401).");

    private static readonly UpDownCounter<long> Sockets = Meter.CreateUpDownCounter<long>(
        "flash.websocket.connections", "{connection}", "WebSockets to Flash open now (acknowledged and not yet ended).");

    private static readonly UpDownCounter<long> Watches = Meter.CreateUpDownCounter<long>(
        "flash.listener.watches", "{invoice}", "Invoices listeners are watching now, waiting for Flash to say they are paid or expired.");

    private static readonly Histogram<double> NotificationDuration = Meter.CreateHistogram<double>(
        "flash.listener.notification.duration", "ms", "From Flash's word that an invoice is paid or expired to the listener reporting it to BTCPay (a paid one is confirmed first).");

    public static void CountRequest(string server, string? operation, FlashApiException? failure)
    {
        var outcome = failure switch
        {
            null => "ok",
            FlashUnauthorizedException => "unauthorized",
            FlashRateLimitedException => "rate_limited",
            FlashServerErrorException => "server_error",
            FlashRequestTooLargeException => "too_large",
            FlashProtocolException => "protocol_error",
            GraphQLRequestErrorException => "graphql_error",
            FlashTransientException => "unavailable",
            _ => "error",
        };
        Requests.Add(1, new TagList { { ServerTag, server }, { OperationTag, operation ?? "unnamed" }, { OutcomeTag, outcome } });
        if (failure is FlashRateLimitedException)
            RateLimited.Add(1, new TagList { { ServerTag, server }, { OperationTag, operation ?? "unnamed" } });
        if (failure is FlashUnauthorizedException { HttpStatus: 401 })
            TokenRejections.Add(1, new KeyValuePair<string, object?>(ServerTag, server));
    }

    public static void SocketOpened(string server) => Sockets.Add(1, new KeyValuePair<string, object?>(ServerTag, server));

    public static void SocketEnded(string server) => Sockets.Add(-1, new KeyValuePair<string, object?>(ServerTag, server));

    public static void WatchStarted(string server) => Watches.Add(1, new KeyValuePair<string, object?>(ServerTag, server));

    public static void WatchEnded(string server) => Watches.Add(-1, new KeyValuePair<string, object?>(ServerTag, server));

    public static void Notified(string server, string status, TimeSpan sinceFlashSaidSo) =>
        NotificationDuration.Record(sinceFlashSaidSo.TotalMilliseconds, new TagList { { ServerTag, server }, { StatusTag, status } });
}
