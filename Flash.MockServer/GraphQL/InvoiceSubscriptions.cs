using Flash.MockServer.Hosting;
using Flash.MockServer.Lightning;
using GraphQL;

namespace Flash.MockServer.GraphQL;

/// <summary>
/// Event streams for <c>lnInvoicePaymentStatus</c> (current status first, then the change that ends it: paid
/// or expired) and <c>myUpdates</c> (an <c>LnUpdate</c> each time one of the caller's invoices is paid).
/// </summary>
internal sealed class InvoiceSubscriptions(MockServices services)
{
    public async ValueTask<IObservable<PaymentStatusPayload?>> PaymentStatus(IResolveFieldContext ctx)
    {
        var invoice = await services.Invoices.FindByRequestAsync(ctx.Input().RequiredString("paymentRequest"), ctx.CancellationToken);
        return new EventStream<PaymentStatusPayload?>(observer =>
        {
            if (invoice is null)
                return Finish(observer, InvoiceResolvers.UnknownInvoice);
            var status = services.Invoices.StatusOf(invoice);
            if (status != InvoiceStatus.Pending)
                return Finish(observer, new PaymentStatusPayload(status, ResolverContext.NoErrors));

            var done = 0;
            void End(string final)
            {
                if (Interlocked.Exchange(ref done, 1) != 0)
                    return;
                observer.OnNext(new PaymentStatusPayload(final, ResolverContext.NoErrors));
                observer.OnCompleted();
            }
            observer.OnNext(new PaymentStatusPayload(InvoiceStatus.Pending, ResolverContext.NoErrors));
            var paid = services.Events.Subscribe(change =>
            {
                if (change.Invoice.PaymentHash == invoice.PaymentHash)
                    End(change.Status);
            });
            var due = invoice.ExpiresAt - services.Clock.GetUtcNow();
            var expiry = services.Clock.CreateTimer(_ => End(InvoiceStatus.Expired), null, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            // The invoice may have been paid between the lookup and the subscription.
            _ = RecheckAsync(invoice.PaymentHash, End);
            return new Disposables(paid, expiry);
        });
    }

    public ValueTask<IObservable<MyUpdatesPayload?>> MyUpdates(IResolveFieldContext ctx)
    {
        // Reached without an account only where the resolver is left to refuse (SubscriptionRefusal.ResolverError).
        var accountId = ctx.Request().Caller.AccountId
            ?? throw new FlashResolverError(FlashResolverError.SubscriptionNeedsSession, "NOT_AUTHENTICATED");
        IObservable<MyUpdatesPayload?> stream = new EventStream<MyUpdatesPayload?>(observer => services.Events.Subscribe(change =>
        {
            if (change.AccountId == accountId)
                observer.OnNext(new MyUpdatesPayload(new LnUpdateView(change.Invoice.PaymentHash, change.Status, change.Invoice.WalletId), null, ResolverContext.NoErrors));
        }));
        return ValueTask.FromResult(stream);
    }

    private async Task RecheckAsync(string paymentHash, Action<string> end)
    {
        var latest = await services.Invoices.FindByHashAsync(paymentHash, CancellationToken.None);
        if (latest is not null && services.Invoices.StatusOf(latest) == InvoiceStatus.Paid)
            end(InvoiceStatus.Paid);
    }

    private static IDisposable Finish<T>(IObserver<T> observer, T last)
    {
        observer.OnNext(last);
        observer.OnCompleted();
        return new Disposables();
    }

    /// <summary>An observable whose subscription runs a callback; enough for GraphQL.NET's subscription executor.</summary>
    private sealed class EventStream<T>(Func<IObserver<T>, IDisposable> subscribe) : IObservable<T>
    {
        public IDisposable Subscribe(IObserver<T> observer) => subscribe(observer);
    }

    private sealed class Disposables(params IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items)
                item.Dispose();
        }
    }
}
