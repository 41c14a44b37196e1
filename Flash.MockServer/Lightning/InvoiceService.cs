using System.Security.Cryptography;
using Flash.MockServer.Hosting;
using Flash.MockServer.Storage;

namespace Flash.MockServer.Lightning;

/// <summary>Issues signed BOLT11 invoices, settles them, pays them between mock accounts, quotes fees, and announces changes.</summary>
internal sealed class InvoiceService(
    SqliteDatabase database,
    InvoiceRepository invoices,
    MockLightningNode node,
    PriceService prices,
    InvoiceEventHub events,
    MockFlashServerOptions options)
{
    private static readonly TimeSpan DefaultBtcExpiry = TimeSpan.FromHours(24);
    private static readonly TimeSpan DefaultUsdExpiry = TimeSpan.FromMinutes(5);

    /// <summary>The share of an invoice's amount the mock's fee probes quote for paying another node.</summary>
    public const decimal ForeignFeeRate = 0.005m;

    private TimeProvider Clock => options.TimeProvider;

    public async Task<InvoiceRecord> CreateAsync(InvoiceOrder order, CancellationToken cancellation)
    {
        long? amountMsat = null;
        decimal credit = 0;
        if (order.Sats is { } sats)
        {
            amountMsat = checked(sats * 1000);
            credit = order.Wallet.IsDollar ? prices.SatsToCents(sats) : sats;
        }
        else if (order.Cents is { } cents)
        {
            amountMsat = checked(prices.CentsToSats(cents) * 1000);
            credit = order.Wallet.IsDollar ? cents : prices.CentsToSats(cents);
        }

        var now = Clock.GetUtcNow();
        var expiry = ExpiryFor(order);
        var preimage = RandomNumberGenerator.GetBytes(32);
        var paymentHash = SHA256.HashData(preimage);
        var paymentSecret = RandomNumberGenerator.GetBytes(32);
        var descriptionHash = options.HonourDescriptionHash ? order.DescriptionHash : null;
        var paymentRequest = Bolt11InvoiceWriter.Write(new Bolt11InvoiceRequest
        {
            Network = node.Network,
            AmountMilliSatoshi = amountMsat,
            Timestamp = now,
            PaymentHash = paymentHash,
            PaymentSecret = paymentSecret,
            Description = descriptionHash is null ? order.Memo ?? "" : null,
            DescriptionHash = descriptionHash,
            ExpirySeconds = (long)expiry.TotalSeconds,
            NodeKey = node.Key,
        });

        var invoice = new InvoiceRecord(Convert.ToHexStringLower(paymentHash), paymentRequest, order.Wallet.Id, amountMsat, credit, order.Memo,
            Convert.ToHexStringLower(paymentSecret), Convert.ToHexStringLower(preimage), now, now + expiry, null);
        await invoices.InsertAsync(invoice, cancellation);
        return invoice;
    }

    public Task<InvoiceRecord?> FindByRequestAsync(string paymentRequest, CancellationToken cancellation) =>
        invoices.FindByRequestAsync(paymentRequest, cancellation);

    public Task<InvoiceRecord?> FindByHashAsync(string paymentHash, CancellationToken cancellation) =>
        invoices.FindByHashAsync(paymentHash, cancellation);

    public string StatusOf(InvoiceRecord invoice) => invoice.StatusAt(Clock.GetUtcNow());

    /// <summary>
    /// Marks an invoice paid and credits its wallet in one transaction, as if a payment arrived over lightning.
    /// <paramref name="amountMsat"/> is required for no-amount invoices and ignored otherwise.
    /// </summary>
    public async Task<SettlementResult> SettleAsync(string paymentHash, long? amountMsat, CancellationToken cancellation)
    {
        var now = Clock.GetUtcNow();
        var (result, invoice, accountId) = await database.WriteAsync<(SettlementResult, InvoiceRecord?, string?)>(async (c, t, ct) =>
        {
            var found = await InvoiceRepository.FindByHashAsync(c, t, paymentHash, ct);
            if (found is null)
                return (SettlementResult.NotFound, null, null);
            switch (found.StatusAt(now))
            {
                case InvoiceStatus.Paid:
                    return (SettlementResult.AlreadyPaid, found, null);
                case InvoiceStatus.Expired:
                    return (SettlementResult.Expired, found, null);
            }
            var wallet = await AccountRepository.GetWalletAsync(c, t, found.WalletId, ct) ?? throw new InvalidOperationException("Invoice wallet is missing");
            var msat = found.AmountMsat ?? amountMsat;
            if (msat is not > 0)
                return (SettlementResult.AmountRequired, found, null);
            var credit = found.AmountMsat is null ? (wallet.IsDollar ? prices.SatsToCents(msat.Value / 1000m) : msat.Value / 1000m) : found.Credit;
            await AccountRepository.SetBalanceAsync(c, t, wallet.Id, wallet.Balance + credit, ct);
            await InvoiceRepository.MarkPaidAsync(c, t, found.PaymentHash, now, msat, credit, ct);
            return (SettlementResult.Settled, found with { PaidAt = now, AmountMsat = msat, Credit = credit }, wallet.AccountId);
        }, cancellation);
        if (result == SettlementResult.Settled)
            events.Publish(new InvoiceStatusChanged(invoice!, accountId!, InvoiceStatus.Paid));
        return result;
    }

    /// <summary>Pays a mock invoice from <paramref name="payer"/>'s wallet; invoices of other nodes cannot be routed.</summary>
    public async Task<PaymentOutcome> PayAsync(Wallet payer, string paymentRequest, CancellationToken cancellation)
    {
        var invoice = await invoices.FindByRequestAsync(paymentRequest, cancellation);
        if (invoice is null)
            return new PaymentOutcome("FAILURE", "No route to the destination of this invoice", "ROUTE_FINDING_ERROR");
        if (invoice.AmountMsat is null)
            return new PaymentOutcome("FAILURE", "This invoice has no amount; no-amount payments are not supported here", "INVALID_INPUT");
        switch (invoice.StatusAt(Clock.GetUtcNow()))
        {
            case InvoiceStatus.Paid:
                return new PaymentOutcome("ALREADY_PAID", null, null);
            case InvoiceStatus.Expired:
                return new PaymentOutcome("FAILURE", "The invoice has expired", "INVOICE_EXPIRED");
        }
        var sats = invoice.AmountMsat.Value / 1000m;
        var debit = payer.IsDollar ? Math.Round(prices.SatsToCents(sats), 2, MidpointRounding.AwayFromZero) : sats;
        var debited = await database.WriteAsync(async (c, t, ct) =>
        {
            var current = await AccountRepository.GetWalletAsync(c, t, payer.Id, ct);
            if (current is null || current.Balance < debit)
                return false;
            await AccountRepository.SetBalanceAsync(c, t, payer.Id, current.Balance - debit, ct);
            return true;
        }, cancellation);
        if (!debited)
            return new PaymentOutcome("FAILURE", "Insufficient balance", "INSUFFICIENT_BALANCE");
        var settled = await SettleAsync(invoice.PaymentHash, null, cancellation);
        if (settled == SettlementResult.Settled)
            return new PaymentOutcome("SUCCESS", null, null);
        await database.WriteAsync(async (c, t, ct) =>
        {
            var current = await AccountRepository.GetWalletAsync(c, t, payer.Id, ct);
            await AccountRepository.SetBalanceAsync(c, t, payer.Id, current!.Balance + debit, ct);
            return true;
        }, cancellation);
        return settled == SettlementResult.AlreadyPaid ? new PaymentOutcome("ALREADY_PAID", null, null) : new PaymentOutcome("FAILURE", "The invoice could not be paid", "PAYMENT_FAILED");
    }

    /// <summary>
    /// What paying <paramref name="paymentRequest"/> from <paramref name="payer"/> would cost, in the payer wallet's unit
    /// (sats; cents for USD and USDT wallets). The mock's documented rule: nothing for an invoice of its own node (a
    /// payment inside Flash's provider, as Flash's own invoices are), otherwise 0.5 % of the amount rounded up to a
    /// whole sat or cent. The amount is the invoice's in the same unit: cents to two decimals for USD wallets and whole
    /// cents for USDT ones, as Flash's USDCents reports them.
    /// </summary>
    public async Task<FeeEstimate> ProbeFeeAsync(Wallet payer, string paymentRequest, CancellationToken cancellation)
    {
        var own = await invoices.FindByRequestAsync(paymentRequest, cancellation);
        long? amountMsat;
        if (own is not null)
            amountMsat = own.AmountMsat;
        else if (!Bolt11HumanReadablePart.TryReadAmount(paymentRequest, out amountMsat))
            return FeeEstimate.Failed("Invalid lightning request, couldn't decode.", "INVOICE_DECODE_ERROR");
        if (amountMsat is not { } msat)
            return FeeEstimate.Failed("This invoice has no amount; a fee can only be estimated for an amount", "INVALID_INPUT");

        var sats = msat / 1000m;
        var amount = payer.Currency switch
        {
            WalletCurrency.USD => Math.Round(prices.SatsToCents(sats), 2, MidpointRounding.AwayFromZero),
            WalletCurrency.USDT => Math.Round(prices.SatsToCents(sats), 0, MidpointRounding.ToEven),
            _ => Math.Ceiling(sats),
        };
        var fee = own is not null ? 0m : Math.Ceiling((payer.IsDollar ? prices.SatsToCents(sats) : sats) * ForeignFeeRate);
        return new FeeEstimate(fee, amount, null, null);
    }

    /// <summary>
    /// <c>expiresIn</c> is in minutes; omitted or 0 means the default (Flash reads <c>expiresIn || default</c>), and
    /// the cap, when there is one, silently shortens anything longer, as Flash's provider does.
    /// </summary>
    private TimeSpan ExpiryFor(InvoiceOrder order)
    {
        var expiry = order.ExpiresInMinutes is { } minutes and > 0
            ? TimeSpan.FromMinutes(minutes)
            : options.DefaultInvoiceExpiry ?? (order.Wallet.IsDollar ? DefaultUsdExpiry : DefaultBtcExpiry);
        return options.MaxInvoiceExpiry is { } cap && expiry > cap ? cap : expiry;
    }
}

internal enum SettlementResult
{
    Settled,
    AlreadyPaid,
    Expired,
    NotFound,
    AmountRequired,
}

/// <summary>A fee probe's answer in the payer wallet's unit, or an error for the payload.</summary>
internal sealed record FeeEstimate(decimal Fee, decimal InvoiceAmount, string? ErrorMessage, string? ErrorCode)
{
    public static FeeEstimate Failed(string message, string code) => new(0, 0, message, code);
}

/// <summary>A <c>PaymentSendResult</c> and, on failure, an error for the payload.</summary>
internal sealed record PaymentOutcome(string Status, string? ErrorMessage, string? ErrorCode);
