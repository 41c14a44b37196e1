using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.StoreConnection;
using Flash.DevHost.Store;

namespace Flash.DevHost.Checkout;

/// <summary>
/// The demo store's lightning listener, as BTCPay's <c>LightningListener</c> runs one per store connection for as long
/// as the server does: it listens on the store's client (<c>Listen</c>, then <c>WaitInvoice</c> in a loop), asks about
/// the open checkouts' invoices each time it (re)starts, and starts again when the store's connection changes or the
/// listener fails. The plugin's checkout renewal rides on this listener, as it rides on BTCPay's.
/// </summary>
public sealed class DemoCheckoutListener(
    DemoStoreLightning lightning, DemoCheckouts checkouts, FlashStoreConnectionRepository connections, TimeProvider time, ILogger<DemoCheckoutListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using var changed = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            void OnChanged(string storeId)
            {
                if (storeId == DemoStore.DemoId)
                    changed.Cancel();
            }
            connections.Changed += OnChanged;
            try
            {
                await ListenAsync(changed.Token);
            }
            catch (OperationCanceledException) when (changed.IsCancellationRequested)
            {
                // The connection changed (or the host stops): listen again on the new one.
            }
            catch (Exception e) when (e is DemoStoreLightningException)
            {
                // Not connected yet: wait for the owner to connect.
                await WaitAsync(changed.Token);
            }
            catch (Exception e)
            {
                logger.LogWarning("The demo store's lightning listener stopped ({Reason}); listening again", e.Message);
                await WaitAsync(changed.Token);
            }
            finally
            {
                connections.Changed -= OnChanged;
            }
        }
    }

    private async Task ListenAsync(CancellationToken cancellation)
    {
        var client = await lightning.CreateClientAsync();
        using var listener = await client.Listen(cancellation);
        foreach (var bolt11 in checkouts.OpenBolt11s())
        {
            if (await client.GetInvoice(bolt11, cancellation) is { } invoice)
                checkouts.OnInvoiceReported(invoice);
        }
        while (true)
            checkouts.OnInvoiceReported(await listener.WaitInvoice(cancellation));
    }

    private async Task WaitAsync(CancellationToken cancellation)
    {
        try
        {
            await Task.Delay(RetryAfter, time, cancellation);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
