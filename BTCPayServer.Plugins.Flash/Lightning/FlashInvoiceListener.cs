using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.Diagnostics;
using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.GraphQL;
using Microsoft.Extensions.Logging;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>
/// Tells BTCPay's <c>Listen()</c>/<c>WaitInvoice</c> loop when invoices of one connection are paid or expire.
/// <list type="bullet">
/// <item>An <c>lnInvoicePaymentStatus</c> subscription per unsettled invoice, on the socket of the invoice's Flash
/// server that every listener of the process shares (<see cref="FlashStatusSockets"/>; a store reconnected to another
/// server keeps its older invoices watched where they were made). Flash serves them without credentials, and each
/// starts with the invoice's current status, so re-subscribing after a reconnect also catches what happened meanwhile.</item>
/// <item>A failed subscription (a dropped socket, or one the keep-alive found silent) is polled over HTTP at once,
/// also without credentials, then tried again with exponential backoff on a new socket; while an invoice has no
/// running subscription it is polled.</item>
/// <item>A watch is a small object the socket calls back, not a task: nothing waits per invoice, so a listener can
/// watch thousands for hours (a timer exists only while a subscription waits to be tried again).</item>
/// <item>Each invoice is reported once, paid or expired, whichever source sees it first. A PAID pushed by the
/// subscription is confirmed with the HTTP status query before BTCPay hears of it (Flash once published PAID after a
/// provider error); EXPIRED is final.</item>
/// <item>It watches only its own connection's <see cref="FlashInvoiceRegistry"/>, so one store's listener never sees
/// another store's invoices.</item>
/// </list>
/// Over 400 lines because a watch's life (subscribe, confirm, fall back to polling, try again, stop) is one state
/// machine whose transitions race each other; each is kept next to the others so the locking can be read in one place.
/// <c>myUpdates</c> is not used: Flash accepts it only on a socket authenticated by a user session (API keys are
/// refused there), and its events carry no payment request, so it could not stand in for these subscriptions.
/// </summary>
internal sealed class FlashInvoiceListener : ILightningInvoiceListener
{
    // The server reports expiry itself; this only ends the watch of a server that never does.
    private static readonly TimeSpan GiveUpAfterExpiry = TimeSpan.FromMinutes(10);

    private readonly FlashPublicApi _publicApi;
    private readonly Dictionary<FlashEndpoints, ServerWatch> _servers = [];
    private readonly FlashInvoiceRegistry _invoices;
    private readonly Func<IssuedInvoice, Task>? _onExpired;
    private readonly FlashLightningClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<LightningInvoice> _settled = Channel.CreateUnbounded<LightningInvoice>();
    private readonly ConcurrentDictionary<string, Watch> _watches = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    // Read once: work that ends after Stopped (a late answer) must not touch the disposed source.
    private readonly CancellationToken _stoppingToken;
    private readonly Channel<bool> _pollNow = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IDisposable? _registration;
    private Task _polling = Task.CompletedTask;
    // Work in flight (confirmations, stopped subscriptions), plus one for the listener itself until it is disposed.
    private int _busy = 1;
    private int _disposed;

    public FlashInvoiceListener(
        FlashPublicApi publicApi, FlashInvoiceRegistry invoices, FlashLightningClientOptions options, TimeProvider time, ILogger<FlashInvoiceListener> logger,
        Func<IssuedInvoice, Task>? onExpired = null)
    {
        _onExpired = onExpired;
        _publicApi = publicApi;
        _invoices = invoices;
        _options = options;
        _time = time;
        _logger = logger;
        _stoppingToken = _stopping.Token;
    }

    /// <summary>
    /// Completes when a disposed listener has stopped its subscriptions on the server, given back its sockets and ended
    /// its work. A subscription still connecting then is completed on the server as soon as its <c>subscribe</c> is sent.
    /// </summary>
    public Task Stopped { get; private set; } = Task.CompletedTask;

    public void Start()
    {
        _registration = _invoices.Attach(StartWatching, out var pending);
        foreach (var invoice in pending)
            StartWatching(invoice);
        _polling = PollUnsubscribedAsync(_stoppingToken);
    }

    /// <exception cref="ObjectDisposedException">The listener was disposed.</exception>
    public async Task<LightningInvoice> WaitInvoice(CancellationToken cancellation)
    {
        try
        {
            var invoice = await _settled.Reader.ReadAsync(cancellation);
            // Settled in the registry once BTCPay has it: a report still queued when this listener is disposed stays
            // pending, so the next listener reports it again.
            _invoices.MarkSettled(invoice.PaymentHash!);
            return invoice;
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(FlashInvoiceListener));
        }
    }

    /// <summary>Stops watching at once and closes the socket in the background (see <see cref="Stopped"/>).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _registration?.Dispose();
        _stopping.Cancel();
        foreach (var (_, watch) in _watches)
            StopWatching(watch);
        _settled.Writer.TryComplete();
        Leave();
        Stopped = StopAsync();
    }

    private async Task StopAsync()
    {
        // The subscriptions are stopped on the server first: other listeners may go on using the same sockets.
        await _idle.Task;
        // Taken under the lock LeaseFor takes leases under, after disposal began: none is taken after this.
        ServerWatch[] servers;
        lock (_servers)
            servers = [.. _servers.Values];
        foreach (var server in servers)
            await server.Sockets.DisposeAsync();
        await _polling;
        _stopping.Dispose();
    }

    private void StartWatching(IssuedInvoice invoice)
    {
        if (ServerWatchFor(invoice.Server) is not { } server)
            return;
        // The invoice's lifetime is Flash's (its timestamp and expiry are on Flash's clock); giving up is measured on
        // ours from now, so a clock hours ahead of Flash's does not abandon a watch that is still payable.
        var watch = new Watch(this, invoice, server, _time.GetUtcNow() + invoice.Lifetime + GiveUpAfterExpiry);
        if (!_watches.TryAdd(invoice.PaymentHash, watch))
            return;
        FlashMetrics.WatchStarted(server.Name);
        if (_stopping.IsCancellationRequested)
        {
            // Dispose ran between the check above and the add: it may have missed this watch, so stop it here.
            StopWatching(watch);
            return;
        }
        Subscribe(watch);
    }

    /// <summary>Starts the watch's subscription on a socket with room for it; what Flash says arrives in <see cref="OnStatus"/>.</summary>
    private void Subscribe(Watch watch)
    {
        // Held while starting: the socket calls back from another thread, and must find the subscription recorded.
        lock (watch.Gate)
        {
            if (watch.IsStopped)
                return;
            try
            {
                watch.Slot = watch.Watching.Sockets.Reserve();
            }
            catch (ObjectDisposedException)
            {
                return; // the listener is being disposed
            }
            watch.Subscription = watch.Watching.Api.StartInvoicePaymentStatus(watch.Slot.Socket, watch.Invoice.PaymentRequest, watch);
        }
    }

    private void OnStatus(Watch watch, GraphQLWebSocketOperation subscription, JsonElement data)
    {
        var saidAt = _time.GetTimestamp();
        InvoicePaymentStatus status;
        try
        {
            status = watch.Watching.Api.ReadInvoicePaymentStatus(data);
        }
        catch (FlashApiException e)
        {
            // Flash answered, but not with a status (it does not know the invoice, say): this subscription is over.
            Run(subscription.StopAsync);
            OnSubscriptionEnded(watch, subscription, e);
            return;
        }
        lock (watch.Gate)
        {
            if (watch.Subscription != subscription || watch.IsStopped)
                return;
            if (!watch.Subscribed)
            {
                watch.Subscribed = true;
                watch.Failures = 0;
                _logger.LogDebug(FlashLogEvents.SubscriptionStarted, "Watching invoice {PaymentHash} over the WebSocket", watch.Invoice.PaymentHash);
            }
        }
        if (status == InvoicePaymentStatus.Expired)
            Report(watch, status, saidAt);
        else if (status == InvoicePaymentStatus.Paid && watch.BeginConfirming())
            Run(() => ReportIfConfirmedAsync(watch, saidAt));
    }

    private void OnSubscriptionEnded(Watch watch, GraphQLWebSocketOperation subscription, Exception? failure)
    {
        FlashStatusSockets.Reservation? slot;
        lock (watch.Gate)
        {
            if (watch.Subscription != subscription)
                return;
            watch.Subscription = null;
            slot = watch.Slot;
            watch.Slot = null;
            watch.Subscribed = false;
        }
        if (slot is not null)
            Run(slot.DisposeAsync().AsTask);
        if (watch.IsStopped || watch.IsReported)
            return;
        var hash = watch.Invoice.PaymentHash;
        switch (failure)
        {
            case FlashPayloadErrorException { IsNotFound: true }:
                Forget(watch);
                return;
            case ObjectDisposedException when _stopping.IsCancellationRequested:
                return;
            case null:
                _logger.LogDebug(FlashLogEvents.SubscriptionFailed, "Flash ended the subscription to invoice {PaymentHash} before it settled", hash);
                break;
            case FlashApiException e:
                _logger.Log(e.MayRetry ? LogLevel.Debug : LogLevel.Warning, FlashLogEvents.SubscriptionFailed, e,
                    "The subscription to invoice {PaymentHash} failed; polling it until a new one runs", hash);
                break;
            default:
                // Whatever went wrong, the invoice must not stop being watched: log it and carry on as after a drop.
                _logger.LogError(FlashLogEvents.ListenerFailed, failure, "Watching invoice {PaymentHash} failed unexpectedly; polling it until a new subscription runs", hash);
                break;
        }
        // What happened while the subscription was down is asked now, not at the next poll: a socket found silent
        // may have missed a payment. One polling pass asks about all such invoices, one after the other.
        _pollNow.Writer.TryWrite(true);
        if (AbandonIfLongExpired(watch))
            return;
        lock (watch.Gate)
        {
            if (watch.IsStopped || watch.Retry is not null)
                return;
            watch.Retry = _time.CreateTimer(static state => ((Watch)state!).Listener.Resubscribe((Watch)state!),
                watch, GraphQLRetryPolicy.Backoff(_options.ReconnectDelay, _options.MaxReconnectDelay, watch.Failures++, Random.Shared.NextDouble()),
                Timeout.InfiniteTimeSpan);
        }
    }

    private void Resubscribe(Watch watch)
    {
        lock (watch.Gate)
        {
            watch.Retry?.Dispose();
            watch.Retry = null;
        }
        Subscribe(watch);
    }

    /// <summary>
    /// One status query at a time per invoice, however often Flash pushes PAID: pushes that arrive while one is asked
    /// ask once more after it, so a server that floods PAID costs two queries, not one each.
    /// </summary>
    private async Task ReportIfConfirmedAsync(Watch watch, long saidAt)
    {
        try
        {
            do
            {
                if (await ConfirmPaidAsync(watch, _stoppingToken))
                {
                    Report(watch, InvoicePaymentStatus.Paid, saidAt);
                    return;
                }
            }
            while (!watch.IsReported && watch.ConfirmAgain());
        }
        catch
        {
            // The next PAID pushed is confirmed again, and meanwhile the invoice is polled, so a real payment is still
            // seen. Not on the way out above: a new confirmation may run by then.
            watch.Polled = true;
            watch.EndConfirming();
            throw;
        }
    }

    /// <summary>
    /// Asks the HTTP status query whether a PAID the subscription pushed holds. Paid: true. Expired: reported as
    /// such. Pending, or no answer: the invoice is polled as well from now on, so a real payment is still seen.
    /// </summary>
    private async Task<bool> ConfirmPaidAsync(Watch watch, CancellationToken cancellation)
    {
        try
        {
            var confirmed = await _publicApi.On(watch.Endpoints).GetInvoicePaymentStatusAsync(watch.Invoice.PaymentRequest, cancellation);
            if (confirmed == InvoicePaymentStatus.Paid)
                return true;
            if (confirmed == InvoicePaymentStatus.Expired)
            {
                Report(watch, confirmed, _time.GetTimestamp());
                return false;
            }
            _logger.LogWarning(FlashLogEvents.PaidNotConfirmed,
                "Flash's subscription reported invoice {PaymentHash} paid, but its status query says {Status}; not reported, still watching",
                watch.Invoice.PaymentHash, confirmed);
        }
        catch (FlashApiException e)
        {
            _logger.LogWarning(FlashLogEvents.PaidNotConfirmed, e,
                "Flash's subscription reported invoice {PaymentHash} paid, but the status query to confirm it failed; polling it", watch.Invoice.PaymentHash);
        }
        watch.Polled = true;
        return false;
    }

    /// <summary>
    /// While a subscription is not running (socket down, reconnecting), its invoice is asked about over HTTP: every
    /// <see cref="FlashLightningClientOptions.StatusPollInterval"/>, and at once when a subscription fails.
    /// </summary>
    private async Task PollUnsubscribedAsync(CancellationToken stopping)
    {
        try
        {
            while (true)
            {
                using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(stopping))
                {
                    await Task.WhenAny(Task.Delay(_options.StatusPollInterval, _time, waiting.Token), _pollNow.Reader.WaitToReadAsync(waiting.Token).AsTask());
                    await waiting.CancelAsync();
                }
                stopping.ThrowIfCancellationRequested();
                if (_pollNow.Reader.TryRead(out _))
                {
                    // A dropped shared socket fails every store's subscriptions at once: up to a second of jitter
                    // spreads the listeners' polling passes instead of sending them all in the same instant.
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 1000)), _time, stopping);
                }
                // Enumerated in place: a snapshot of thousands of watches each pass is garbage for nothing.
                foreach (var (_, watch) in _watches)
                {
                    if ((!watch.Subscribed || watch.Polled) && !watch.IsReported)
                        await PollAsync(watch, stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task PollAsync(Watch watch, CancellationToken stopping)
    {
        try
        {
            var status = await _publicApi.On(watch.Endpoints).GetInvoicePaymentStatusAsync(watch.Invoice.PaymentRequest, stopping);
            if (status != InvoicePaymentStatus.Pending)
                Report(watch, status, _time.GetTimestamp());
            else
                AbandonIfLongExpired(watch);
        }
        catch (FlashPayloadErrorException e) when (e.IsNotFound)
        {
            Forget(watch);
        }
        catch (FlashApiException e)
        {
            _logger.LogDebug(FlashLogEvents.StatusPollFailed, e, "Asking Flash about invoice {PaymentHash} failed", watch.Invoice.PaymentHash);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One invoice's failure must not end the polling of the others.
            _logger.LogError(FlashLogEvents.ListenerFailed, e, "Asking Flash about invoice {PaymentHash} failed unexpectedly", watch.Invoice.PaymentHash);
        }
    }

    /// <summary>Reports a final status once, however many sources see it.</summary>
    /// <param name="saidAt">When Flash's answer arrived (a <see cref="TimeProvider.GetTimestamp"/>), for the metrics.</param>
    private void Report(Watch watch, InvoicePaymentStatus status, long saidAt)
    {
        if (!watch.MarkReported())
            return;
        StopWatching(watch);
        if (!_settled.Writer.TryWrite(FlashLightningClient.ToLightningInvoice(watch.Invoice, status, _time.GetUtcNow())))
            return; // disposed meanwhile: the invoice stays pending in the registry for the next listener
        FlashMetrics.Notified(watch.Watching.Name, status.ToString(), _time.GetElapsedTime(saidAt));
        // An expired BOLT11 of an open checkout is replaced (see FlashCheckoutRenewal), off the listener's own work.
        if (status == InvoicePaymentStatus.Expired && _onExpired is { } expired)
            _ = Task.Run(() => expired(watch.Invoice));
        _logger.LogInformation(FlashLogEvents.InvoiceSettled, "Flash invoice {PaymentHash} is {Status}", watch.Invoice.PaymentHash, status);
    }

    private void Forget(Watch watch)
    {
        _logger.LogWarning(FlashLogEvents.InvoiceUnknown, "Flash does not know invoice {PaymentHash}; no longer watching it", watch.Invoice.PaymentHash);
        _invoices.Forget(watch.Invoice.PaymentHash);
        StopWatching(watch);
    }

    private bool AbandonIfLongExpired(Watch watch)
    {
        if (_time.GetUtcNow() < watch.GiveUpAt)
            return false;
        _logger.LogWarning(FlashLogEvents.WatchAbandoned, "Flash never reported invoice {PaymentHash} as expired; no longer watching it", watch.Invoice.PaymentHash);
        _invoices.MarkSettled(watch.Invoice.PaymentHash);
        StopWatching(watch);
        return true;
    }

    /// <summary>Ends a watch once: its subscription is stopped on the server and its place on the socket given back.</summary>
    private void StopWatching(Watch watch)
    {
        _watches.TryRemove(new KeyValuePair<string, Watch>(watch.Invoice.PaymentHash, watch));
        GraphQLWebSocketOperation? subscription;
        FlashStatusSockets.Reservation? slot;
        bool tracked;
        lock (watch.Gate)
        {
            if (watch.IsStopped)
                return;
            watch.IsStopped = true;
            (subscription, slot) = (watch.Subscription, watch.Slot);
            (watch.Subscription, watch.Slot) = (null, null);
            watch.Retry?.Dispose();
            watch.Retry = null;
            // Counted under the lock: a Dispose that finds this watch already stopping must still wait for its stop.
            tracked = (subscription is not null || slot is not null) && Enter();
        }
        FlashMetrics.WatchEnded(watch.Watching.Name);
        if (subscription is null && slot is null)
            return;
        _ = RunAsync(async () =>
        {
            if (subscription is not null)
                await subscription.StopAsync();
            if (slot is not null)
                await slot.DisposeAsync();
        }, tracked);
    }

    /// <summary>
    /// Runs work the listener finishes before <see cref="Stopped"/> completes. Once it has stopped, work a late
    /// answer starts still runs (a subscription must still be stopped), only nothing waits for it.
    /// </summary>
    private void Run(Func<Task> work) => _ = RunAsync(work, tracked: Enter());

    /// <summary>Counts one more piece of work in flight, unless the listener has already stopped.</summary>
    private bool Enter()
    {
        var busy = Volatile.Read(ref _busy);
        while (busy > 0 && Interlocked.CompareExchange(ref _busy, busy + 1, busy) is var seen && seen != busy)
            busy = seen;
        return busy > 0;
    }

    private async Task RunAsync(Func<Task> work, bool tracked)
    {
        try
        {
            await work();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _logger.LogError(FlashLogEvents.ListenerFailed, e, "The invoice listener's background work failed unexpectedly");
        }
        finally
        {
            if (tracked)
                Leave();
        }
    }

    private void Leave()
    {
        if (Interlocked.Decrement(ref _busy) == 0)
            _idle.TrySetResult();
    }

    /// <summary>This listener's hold on one server's shared sockets, taken by its first invoice there; null once disposed.</summary>
    private ServerWatch? ServerWatchFor(FlashEndpoints server)
    {
        lock (_servers)
        {
            if (Volatile.Read(ref _disposed) != 0)
                return null;
            // By both endpoints: invoices of a server= that changed while its ws-server= stayed are still polled where
            // they were made (the sockets are shared by WebSocket address in FlashStatusSockets).
            if (!_servers.TryGetValue(server, out var watching))
                _servers.Add(server, watching = new ServerWatch(server, _publicApi.StatusSockets.Acquire(server), _publicApi.On(server)));
            return watching;
        }
    }

    /// <summary>
    /// What every watch of one server shares: the lease on its sockets, and the client that reads its subscriptions
    /// (one per server, not one per invoice: a listener may watch thousands).
    /// </summary>
    private sealed record ServerWatch(FlashEndpoints Server, FlashStatusSockets.Lease Sockets, FlashApiClient Api)
    {
        /// <summary>The server as the metrics name it (host and port).</summary>
        public string Name { get; } = FlashApiException.ServerOf(Server.GraphQL);
    }

    /// <summary>
    /// One invoice being watched, and the subscriber its subscription calls back. The fields under <see cref="Gate"/>
    /// change together: which subscription is current, its place on a socket, the timer that tries again.
    /// </summary>
    private sealed class Watch(FlashInvoiceListener listener, IssuedInvoice invoice, ServerWatch watching, DateTimeOffset giveUpAt) : IGraphQLSubscriber
    {
        private const int NotConfirming = 0;
        private const int ConfirmingOnce = 1;
        private const int ConfirmingAgain = 2;

        private int _reported;
        private int _confirming;

        public FlashInvoiceListener Listener { get; } = listener;

        public IssuedInvoice Invoice { get; } = invoice;

        public ServerWatch Watching { get; } = watching;

        public FlashEndpoints Endpoints => Watching.Server;

        /// <summary>On this host's clock: when a server that never says the invoice expired is no longer asked.</summary>
        public DateTimeOffset GiveUpAt { get; } = giveUpAt;

        public Lock Gate { get; } = new();

        public GraphQLWebSocketOperation? Subscription { get; set; }

        public FlashStatusSockets.Reservation? Slot { get; set; }

        public ITimer? Retry { get; set; }

        /// <summary>Subscriptions failed in a row, for the backoff.</summary>
        public int Failures { get; set; }

        public bool IsStopped { get; set; }

        /// <summary>True once the current subscription delivered a status; false while it is (re)connecting.</summary>
        public volatile bool Subscribed;

        /// <summary>Polled even while subscribed: its subscription pushed a PAID the status query did not confirm.</summary>
        public volatile bool Polled;

        public bool IsReported => Volatile.Read(ref _reported) != 0;

        public bool MarkReported() => Interlocked.Exchange(ref _reported, 1) == 0;

        /// <summary>True when no confirmation of a pushed PAID runs: the caller starts one. Else it asks once more after.</summary>
        public bool BeginConfirming()
        {
            while (true)
            {
                switch (Interlocked.CompareExchange(ref _confirming, ConfirmingOnce, NotConfirming))
                {
                    case NotConfirming:
                        return true;
                    case ConfirmingOnce when Interlocked.CompareExchange(ref _confirming, ConfirmingAgain, ConfirmingOnce) != ConfirmingOnce:
                        continue;
                    default:
                        return false;
                }
            }
        }

        /// <summary>After a confirmation that did not report: true when a PAID was pushed meanwhile, so ask again.</summary>
        public bool ConfirmAgain()
        {
            if (Interlocked.CompareExchange(ref _confirming, NotConfirming, ConfirmingOnce) == ConfirmingOnce)
                return false;
            // Again: only the confirmation running moves the state down, and a push leaves "again" as it is.
            Volatile.Write(ref _confirming, ConfirmingOnce);
            return true;
        }

        public void EndConfirming() => Volatile.Write(ref _confirming, NotConfirming);

        public bool OnNext(GraphQLWebSocketOperation operation, JsonElement data)
        {
            Listener.OnStatus(this, operation, data);
            return true;
        }

        public void OnEnded(GraphQLWebSocketOperation operation, Exception? failure) => Listener.OnSubscriptionEnded(this, operation, failure);
    }
}
