using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Lightning.Bolt11;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>
/// BTCPay Server's <see cref="ILightningClient"/> on a Flash wallet: each member maps BTCPay's question onto
/// <see cref="FlashApiClient"/> and the answer back. Flash is a custodial wallet, not a node, so channels, on-chain
/// deposits and peer connections are <see cref="NotSupportedException"/>.
/// <para>
/// An invoice's <see cref="LightningInvoice.Id"/> is its BOLT 11 payment request: Flash looks invoices up by payment
/// request only, and BTCPay stores the id, so <see cref="GetInvoice(string, CancellationToken)"/> works after a
/// restart from the id alone. Amounts, hashes and expiry are read from the decoded BOLT 11, never assumed.
/// </para>
/// </summary>
public sealed class FlashLightningClient : ILightningClient
{
    private readonly string _connectionString;
    private readonly FlashApiClient _api;
    private readonly Func<GraphQLWebSocketClient> _webSockets;
    private readonly Network _network;
    private readonly FlashWalletSelection _walletSelection;
    private readonly FlashConnectionState _state;
    private readonly FlashLightningClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly string _server;

    /// <param name="connectionString">
    /// What <see cref="ToString"/> returns. BTCPay stores <c>ToString()</c> of the client it built as the store's
    /// connection string, so this must be the string the handler parsed, and it must not hold a plaintext secret.
    /// </param>
    /// <param name="http">HTTP transport to Flash's <c>/graphql</c>, carrying the credential header.</param>
    /// <param name="webSockets">
    /// Makes a new WebSocket client to Flash's <c>/graphql</c> for each listener, which owns and disposes it. Invoice
    /// status subscriptions need no credentials.
    /// </param>
    /// <param name="network">The network BTCPay expects; invoices for another network are refused.</param>
    /// <param name="wallet">Which Flash wallet receives and pays.</param>
    /// <param name="state">What the clients of this store's connection share; see <see cref="FlashConnectionState"/>.</param>
    public FlashLightningClient(
        string connectionString,
        GraphQLHttpTransport http,
        Func<GraphQLWebSocketClient> webSockets,
        Network network,
        FlashWalletSelection wallet,
        FlashConnectionState state,
        FlashLightningClientOptions? options = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(webSockets);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(wallet);
        ArgumentNullException.ThrowIfNull(state);
        _connectionString = connectionString;
        _api = new FlashApiClient(http);
        _webSockets = webSockets;
        _network = network;
        _walletSelection = wallet;
        _state = state;
        _options = options ?? new FlashLightningClientOptions();
        _time = timeProvider ?? TimeProvider.System;
        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<FlashLightningClient>();
        _server = FlashApiException.ServerOf(http.Endpoint);
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    public override string ToString() => _connectionString;

    public Task<LightningInvoice> CreateInvoice(LightMoney amount, string description, TimeSpan expiry, CancellationToken cancellation = default) =>
        CreateInvoice(new CreateInvoiceParams(amount, description, expiry), cancellation);

    /// <summary>
    /// BTC wallet: <c>lnInvoiceCreate</c> in satoshis. USD wallet: <c>lnUsdInvoiceCreate</c> in cents at the cached
    /// price. With a description hash (LNURL-pay): the <c>OnBehalfOfRecipient</c> variant, the invoice must commit
    /// to the hash, and its amount must be exactly the one asked for, since LUD-06 wallets refuse any other; an amount
    /// that is not a whole number of satoshis is refused before asking Flash. The invoice is checked against the
    /// request before BTCPay sees it.
    /// </summary>
    /// <exception cref="FlashInvoiceMismatchException">
    /// Flash's invoice does not satisfy the request, or none could (an LNURL-pay amount between two satoshis).
    /// </exception>
    public async Task<LightningInvoice> CreateInvoice(CreateInvoiceParams createInvoiceRequest, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(createInvoiceRequest);
        var amount = createInvoiceRequest.Amount
            ?? throw new ArgumentException("The invoice needs an amount.", nameof(createInvoiceRequest));
        if (amount.MilliSatoshi <= 0)
        {
            throw new NotSupportedException(
                "Flash invoices need an amount: Flash does not report how much paid an invoice without one, so BTCPay could not record the payment.");
        }
        var descriptionHash = createInvoiceRequest.DescriptionHash is { } hash ? Convert.ToHexStringLower(hash.ToBytes(lendian: false)) : null;
        var order = new InvoiceOrder(
            amount.MilliSatoshi,
            FlashInvoiceTerms.ExpiresInMinutes(createInvoiceRequest.Expiry),
            descriptionHash,
            descriptionHash is null ? FlashInvoiceTerms.Memo(createInvoiceRequest.Description) : null);
        if (order.MustBeExact && FlashAmounts.ExactSatoshis(order.AmountMsat) is null)
            throw FlashInvoiceMismatchException.AmountNotWholeSatoshis(_server, order.AmountMsat);

        var wallet = await GetWalletAsync(cancellation);
        var invoice = wallet.IsDollar
            ? await CreateUsdInvoiceAsync(wallet, order, cancellation)
            : await CreateBtcInvoiceAsync(wallet, order, cancellation);
        _state.Invoices.Remember(invoice, settled: false, Now, _options.Retention);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.LogDebug(FlashLogEvents.InvoiceCreated, "Created Flash invoice {PaymentHash} for {AmountMsat} msat on a {WalletCurrency} wallet",
                invoice.PaymentHash, invoice.AmountMilliSatoshi, wallet.WalletCurrency);
        }
        return ToLightningInvoice(invoice, InvoicePaymentStatus.Pending, Now);
    }

    /// <summary>The invoice whose id (its payment request) is <paramref name="invoiceId"/>, or null when it is not a Flash invoice.</summary>
    public async Task<LightningInvoice?> GetInvoice(string invoiceId, CancellationToken cancellation = default)
    {
        // Ids are payment requests; anything else, or an invoice for another network, cannot be one of ours.
        if (!Bolt11Invoice.TryParse(invoiceId, _network, out var invoice, out _))
            return null;
        return await LookUpAsync(invoice, cancellation);
    }

    /// <summary>
    /// Flash cannot find an invoice by payment hash, so this answers for invoices this connection created or looked
    /// up since the host started (kept for <see cref="FlashLightningClientOptions.Retention"/>), and null otherwise.
    /// </summary>
    public async Task<LightningInvoice?> GetInvoice(uint256 paymentHash, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(paymentHash);
        return _state.Invoices.Find(paymentHash.ToString()) is { } invoice ? await LookUpAsync(invoice, cancellation) : null;
    }

    public Task<LightningInvoice[]> ListInvoices(CancellationToken cancellation = default) =>
        NotSupported<LightningInvoice[]>("Flash's API offers no list of invoices to this plugin; BTCPay keeps track of its invoices itself.");

    public Task<LightningInvoice[]> ListInvoices(ListInvoicesParams request, CancellationToken cancellation = default) => ListInvoices(cancellation);

    /// <summary>
    /// A payment this connection sent since the host started, refreshed from the paid invoice's status while pending;
    /// null for any other hash, since Flash cannot look payments up by hash.
    /// </summary>
    public async Task<LightningPayment?> GetPayment(string paymentHash, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentHash);
        var hash = paymentHash.ToLowerInvariant();
        var payment = _state.Payments.Find(hash);
        if (payment is null)
            return null;
        if (payment.Status == LightningPaymentStatus.Pending)
        {
            try
            {
                var status = await _api.GetInvoicePaymentStatusAsync(payment.Invoice.Text, cancellation);
                payment = _state.Payments.Update(hash, ToPaymentStatus(status)) ?? payment;
            }
            catch (FlashPayloadErrorException e) when (e.IsNotFound)
            {
                // Flash does not track invoices of other nodes; what the send reported stands.
            }
        }
        return ToLightningPayment(payment);
    }

    public Task<LightningPayment[]> ListPayments(CancellationToken cancellation = default) =>
        NotSupported<LightningPayment[]>("Flash's API offers no list of payments to this plugin.");

    public Task<LightningPayment[]> ListPayments(ListPaymentsParams request, CancellationToken cancellation = default) => ListPayments(cancellation);

    /// <summary>
    /// A listener for this connection's invoices: those created by any client sharing its
    /// <see cref="FlashConnectionState"/>, and those looked up with <c>GetInvoice</c> while unpaid (which is how BTCPay
    /// hands over its pending invoices after a restart). It reports each once, when paid or expired.
    /// </summary>
    public Task<ILightningInvoiceListener> Listen(CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        var listener = new FlashInvoiceListener(_api, _webSockets(), _state.Invoices, _options, _time,
            _loggers.CreateLogger<FlashInvoiceListener>());
        listener.Start();
        return Task.FromResult<ILightningInvoiceListener>(listener);
    }

    /// <summary>
    /// The Flash instance as far as it describes itself. Flash publishes no node addresses (a <see cref="NodeInfo"/>
    /// needs host and port, and BTCPay would connect to it) and no block height, so both stay empty.
    /// </summary>
    /// <exception cref="FlashNetworkMismatchException">Flash runs on another network than BTCPay expects.</exception>
    public async Task<LightningNodeInformation> GetInfo(CancellationToken cancellation = default)
    {
        var globals = await _api.GetGlobalsAsync(cancellation);
        if (!FlashNetworkNames.Matches(globals.Network, _network))
            throw new FlashNetworkMismatchException(globals.Network, FlashNetworkNames.Of(_network), _server);
        return new LightningNodeInformation { Alias = $"Flash ({globals.LightningAddressDomain})" };
    }

    /// <summary>The wallet's balance as the local off-chain balance; USD wallets are converted at the current price.</summary>
    public async Task<LightningNodeBalance> GetBalance(CancellationToken cancellation = default)
    {
        var wallet = Choose(await _api.GetDefaultAccountAsync(cancellation));
        var balance = wallet.Balance ?? throw new FlashUnexpectedResponseException(FlashOperations.Me.Name, "the wallet's balance is null", _server);
        var local = wallet.IsDollar
            ? FlashAmounts.FromCents(balance, await GetCentsPerSatoshiAsync(refresh: false, cancellation))
            : FlashAmounts.FromSatoshis(balance);
        // No channels: nothing opens or closes, and Flash does not say how much it could receive.
        return new LightningNodeBalance(null, new OffchainBalance { Opening = LightMoney.Zero, Local = local, Remote = null, Closing = LightMoney.Zero });
    }

    public Task<PayResponse> Pay(PayInvoiceParams payParams, CancellationToken cancellation = default) =>
        NotSupported<PayResponse>("Flash pays BOLT 11 invoices only; a payment without an invoice (keysend) is not possible.");

    public Task<PayResponse> Pay(string bolt11, CancellationToken cancellation = default) => Pay(bolt11, new PayInvoiceParams(), cancellation);

    /// <summary>
    /// <c>lnInvoicePaymentSend</c> from the selected wallet with a fresh idempotency key, so the transport can repeat
    /// a request whose answer was lost without paying twice. Flash chooses and charges its own fees: the fee limits of
    /// <paramref name="payParams"/> cannot be passed on.
    /// </summary>
    public async Task<PayResponse> Pay(string bolt11, PayInvoiceParams payParams, CancellationToken cancellation = default)
    {
        if (!Bolt11Invoice.TryParse(bolt11, _network, out var invoice, out var error))
            return new PayResponse(PayResult.Error, error);
        if (invoice.AmountMilliSatoshi is not { } amount)
            return new PayResponse(PayResult.Error, "Flash can only pay invoices that state an amount.");
        if (payParams?.Amount is { } asked && asked.MilliSatoshi != amount)
            return new PayResponse(PayResult.Error, "Flash pays exactly the invoice's amount; another amount was asked for.");

        var wallet = await GetWalletAsync(cancellation);
        _state.Payments.Begin(invoice, Now, _options.Retention);
        using var timeout = new CancellationTokenSource(payParams?.SendTimeout ?? PayInvoiceParams.DefaultSendTimeout, _time);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancellation, timeout.Token);
        PayResponse response;
        try
        {
            var result = await _api.SendPaymentAsync(new LnInvoicePaymentInput
            {
                WalletId = wallet.Id,
                PaymentRequest = invoice.Text,
                IdempotencyKey = Guid.NewGuid().ToString("N"),
            }, sending.Token);
            response = ToPayResponse(result, invoice);
        }
        catch (FlashPayloadErrorException e)
        {
            response = new PayResponse(IsRouteFailure(e) ? PayResult.CouldNotFindRoute : PayResult.Error, e.Reason);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            response = new PayResponse(PayResult.Unknown, Details(invoice, LightningPaymentStatus.Pending))
            {
                ErrorDetail = "Flash did not confirm the payment within the send timeout; it may still complete.",
            };
        }
        _state.Payments.Update(invoice.PaymentHash, response.Details?.Status ?? LightningPaymentStatus.Failed);
        _logger.LogInformation(FlashLogEvents.PaymentSent, "Flash payment of {PaymentHash}: {PayResult}", invoice.PaymentHash, response.Result);
        return response;
    }

    public Task<OpenChannelResponse> OpenChannel(OpenChannelRequest openChannelRequest, CancellationToken cancellation = default) =>
        NotSupported<OpenChannelResponse>("Flash is a custodial wallet: it has no channels to open.");

    public Task<BitcoinAddress> GetDepositAddress(CancellationToken cancellation = default) =>
        NotSupported<BitcoinAddress>("Flash receives over lightning here: this plugin offers no on-chain deposit address.");

    public Task<ConnectionResult> ConnectTo(NodeInfo nodeInfo, CancellationToken cancellation = default) =>
        NotSupported<ConnectionResult>("Flash is a custodial wallet: it does not connect to peers.");

    public Task CancelInvoice(string invoiceId, CancellationToken cancellation = default) =>
        NotSupported<bool>("Flash cannot cancel an invoice: it stays payable until it expires.");

    public Task<LightningChannel[]> ListChannels(CancellationToken cancellation = default) =>
        NotSupported<LightningChannel[]>("Flash is a custodial wallet: it has no channels to list.");

    /// <summary>An invoice as BTCPay sees it. Flash reveals no preimage (a payment secret is not one) and no paid time.</summary>
    internal static LightningInvoice ToLightningInvoice(Bolt11Invoice invoice, InvoicePaymentStatus status, DateTimeOffset observedAt)
    {
        var amount = invoice.AmountMilliSatoshi is { } msat ? LightMoney.MilliSatoshis(msat) : null;
        var paid = status == InvoicePaymentStatus.Paid;
        return new LightningInvoice
        {
            Id = invoice.Text,
            BOLT11 = invoice.Text,
            PaymentHash = invoice.PaymentHash,
            Status = status switch
            {
                InvoicePaymentStatus.Paid => LightningInvoiceStatus.Paid,
                InvoicePaymentStatus.Expired => LightningInvoiceStatus.Expired,
                _ => LightningInvoiceStatus.Unpaid,
            },
            // BTCPay records a payment only with a paid time; the moment it was seen paid is the best Flash allows.
            PaidAt = paid ? observedAt : null,
            ExpiresAt = invoice.ExpiresAt,
            Amount = amount,
            AmountReceived = paid ? amount : null,
        };
    }

    internal static PayResponse ToPayResponse(PaymentSendResult result, Bolt11Invoice invoice) => result switch
    {
        PaymentSendResult.Success or PaymentSendResult.AlreadyPaid => new PayResponse(PayResult.Ok, Details(invoice, LightningPaymentStatus.Complete)),
        PaymentSendResult.Pending => new PayResponse(PayResult.Unknown, Details(invoice, LightningPaymentStatus.Pending)),
        PaymentSendResult.Failure => new PayResponse(PayResult.Error, "Flash reported the payment as failed without giving a reason."),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, "Not a PaymentSendResult"),
    };

    /// <summary>Flash says whether the invoice it paid is paid by now, which is all it can tell about a payment.</summary>
    internal static LightningPaymentStatus ToPaymentStatus(InvoicePaymentStatus status) => status switch
    {
        InvoicePaymentStatus.Paid => LightningPaymentStatus.Complete,
        InvoicePaymentStatus.Expired => LightningPaymentStatus.Failed,
        _ => LightningPaymentStatus.Pending,
    };

    private static PayDetails Details(Bolt11Invoice invoice, LightningPaymentStatus status) => new()
    {
        // Flash does not report its fee, so the total is what the invoice asked for and the fee stays unknown.
        TotalAmount = LightMoney.MilliSatoshis(invoice.AmountMilliSatoshi ?? 0),
        PaymentHash = invoice.PaymentHashValue,
        Status = status,
    };

    private static LightningPayment ToLightningPayment(SentPayment payment)
    {
        var amount = LightMoney.MilliSatoshis(payment.Invoice.AmountMilliSatoshi ?? 0);
        return new LightningPayment
        {
            Id = payment.Invoice.PaymentHash,
            PaymentHash = payment.Invoice.PaymentHash,
            BOLT11 = payment.Invoice.Text,
            Status = payment.Status,
            CreatedAt = payment.CreatedAt,
            Amount = amount,
            AmountSent = payment.Status == LightningPaymentStatus.Complete ? amount : null,
        };
    }

    /// <summary>A faulted task, as an async member reports failure, rather than a synchronous throw.</summary>
    private static Task<T> NotSupported<T>(string reason) => Task.FromException<T>(new NotSupportedException(reason));

    private static bool IsRouteFailure(FlashPayloadErrorException e) => e.HasCode("ROUTE_FINDING_ERROR") || e.HasCode("NO_ROUTE");

    private async Task<LightningInvoice?> LookUpAsync(Bolt11Invoice invoice, CancellationToken cancellation)
    {
        InvoicePaymentStatus status;
        try
        {
            status = await _api.GetInvoicePaymentStatusAsync(invoice.Text, cancellation);
        }
        catch (FlashPayloadErrorException e) when (e.IsNotFound)
        {
            return null;
        }
        // An unpaid invoice looked up is one BTCPay still waits for: the listener should watch it too.
        _state.Invoices.Remember(invoice, settled: status != InvoicePaymentStatus.Pending, Now, _options.Retention);
        return ToLightningInvoice(invoice, status, Now);
    }

    private async Task<Bolt11Invoice> CreateBtcInvoiceAsync(Wallet wallet, InvoiceOrder order, CancellationToken cancellation)
    {
        var satoshis = FlashAmounts.SatoshisCovering(order.AmountMsat);
        var created = await RequestInvoiceAsync(wallet, order, satoshis, cancellation);
        var invoice = Verify(created, order);
        // Flash takes whole satoshis, so the invoice is for exactly the satoshis asked for.
        return AmountIsWithin(invoice, order, satoshis * 1000) ? invoice : throw WrongAmount(invoice, order, repriced: false);
    }

    /// <summary>
    /// Flash prices a USD invoice itself, rounding the cents asked for to the nearest whole satoshi; the cents come
    /// from the cached price. A checkout asks for cents that cover the amount, an LNURL-pay invoice for the exact,
    /// fractional cents the amount is worth. An invoice that does not fit means the price moved: ask once more with a
    /// fresh price, then give up rather than overcharge or hand out an invoice the LNURL wallet would refuse.
    /// </summary>
    private async Task<Bolt11Invoice> CreateUsdInvoiceAsync(Wallet wallet, InvoiceOrder order, CancellationToken cancellation)
    {
        var satoshis = FlashAmounts.SatoshisCovering(order.AmountMsat);
        for (var attempt = 1; ; attempt++)
        {
            var centsPerSatoshi = await GetCentsPerSatoshiAsync(refresh: attempt > 1, cancellation);
            var cents = order.MustBeExact
                ? FlashAmounts.CentsWorth(satoshis, centsPerSatoshi)
                : FlashAmounts.CentsCovering(satoshis, centsPerSatoshi);
            var created = await RequestInvoiceAsync(wallet, order, cents, cancellation);
            var invoice = Verify(created, order);
            if (AmountIsWithin(invoice, order, FlashAmounts.MaxUsdInvoiceMsat(order.AmountMsat)))
                return invoice;
            if (attempt > 1)
                throw WrongAmount(invoice, order, repriced: true);
            _logger.LogInformation(FlashLogEvents.InvoiceRepriced,
                "Flash priced invoice {PaymentHash} at {InvoiceMsat} msat for {RequestedMsat} msat asked; asking again at a fresh price",
                invoice.PaymentHash, invoice.AmountMilliSatoshi, order.AmountMsat);
        }
    }

    /// <summary>
    /// One of Flash's four invoice mutations: for a BTC or a USD wallet, with a memo or committing to a description
    /// hash. <paramref name="amount"/> is in the wallet's unit: whole satoshis or US cents.
    /// </summary>
    private Task<LnInvoice> RequestInvoiceAsync(Wallet wallet, InvoiceOrder order, decimal amount, CancellationToken cancellation) =>
        (wallet.IsDollar, order.DescriptionHash) switch
        {
            (false, null) => _api.CreateInvoiceAsync(new LnInvoiceCreateInput
            {
                WalletId = wallet.Id, Amount = (long)amount, Memo = order.Memo, ExpiresIn = order.ExpiresInMinutes,
            }, cancellation),
            (false, { } hash) => _api.CreateInvoiceOnBehalfOfRecipientAsync(new LnInvoiceCreateOnBehalfOfRecipientInput
            {
                RecipientWalletId = wallet.Id, Amount = (long)amount, DescriptionHash = hash, ExpiresIn = order.ExpiresInMinutes,
            }, cancellation),
            (true, null) => _api.CreateUsdInvoiceAsync(new LnUsdInvoiceCreateInput
            {
                WalletId = wallet.Id, Amount = amount, Memo = order.Memo, ExpiresIn = order.ExpiresInMinutes,
            }, cancellation),
            (true, { } hash) => _api.CreateUsdInvoiceOnBehalfOfRecipientAsync(new LnUsdInvoiceCreateOnBehalfOfRecipientInput
            {
                RecipientWalletId = wallet.Id, Amount = amount, DescriptionHash = hash, ExpiresIn = order.ExpiresInMinutes,
            }, cancellation),
        };

    /// <summary>
    /// What every created invoice must be: a well-formed BOLT 11 for our network with the reported hash and the
    /// requested description hash. Its signature is left to whoever needs the payee: Flash issued it to us
    /// over TLS under a key we do not pin, and BTCPay checks the signature whenever it parses the invoice, while
    /// checking it here would cost more than the rest of creating the invoice.
    /// </summary>
    private Bolt11Invoice Verify(LnInvoice created, InvoiceOrder order)
    {
        Bolt11Invoice invoice;
        try
        {
            invoice = Bolt11Invoice.Parse(created.PaymentRequest, _network, Bolt11SignatureCheck.Deferred);
        }
        catch (Bolt11FormatException e)
        {
            throw FlashInvoiceMismatchException.InvalidInvoice(_server, e);
        }
        if (!string.Equals(invoice.PaymentHash, created.PaymentHash, StringComparison.OrdinalIgnoreCase))
            throw FlashInvoiceMismatchException.PaymentHashMismatch(_server);
        if (order.DescriptionHash is { } expected)
        {
            if (invoice.DescriptionHash is null)
                throw FlashInvoiceMismatchException.DescriptionHashMissing(_server);
            if (!string.Equals(invoice.DescriptionHash, expected, StringComparison.Ordinal))
                throw FlashInvoiceMismatchException.DescriptionHashMismatch(_server);
        }
        return invoice;
    }

    /// <summary>
    /// Never less than BTCPay asked for, and no more than <paramref name="maxMsat"/>; for LNURL-pay, exactly what it
    /// asked for.
    /// </summary>
    private static bool AmountIsWithin(Bolt11Invoice invoice, InvoiceOrder order, long maxMsat) =>
        invoice.AmountMilliSatoshi is { } msat && msat >= order.AmountMsat && msat <= (order.MustBeExact ? order.AmountMsat : maxMsat);

    /// <param name="repriced">Whether the invoice was asked for a second time, at a fresh USD price.</param>
    private FlashInvoiceMismatchException WrongAmount(Bolt11Invoice invoice, InvoiceOrder order, bool repriced) => order switch
    {
        { MustBeExact: true } when repriced => FlashInvoiceMismatchException.PriceNotExact(_server, invoice.AmountMilliSatoshi, order.AmountMsat),
        { MustBeExact: true } => FlashInvoiceMismatchException.AmountNotExact(_server, invoice.AmountMilliSatoshi, order.AmountMsat),
        _ when invoice.AmountMilliSatoshi is { } msat && msat >= order.AmountMsat => FlashInvoiceMismatchException.AmountTooHigh(_server, msat, order.AmountMsat),
        _ => FlashInvoiceMismatchException.AmountTooLow(_server, invoice.AmountMilliSatoshi ?? 0, order.AmountMsat),
    };

    private async Task<Wallet> GetWalletAsync(CancellationToken cancellation)
    {
        if (_state.Wallet.Get(Now) is { } chosen && chosen.Selection == _walletSelection)
            return chosen.Wallet;
        return Choose(await _api.GetDefaultAccountAsync(cancellation));
    }

    private Wallet Choose(Account account)
    {
        var wallet = _walletSelection.Choose(account, _server);
        _state.Wallet.Set(new FlashConnectionState.ChosenWallet(_walletSelection, wallet), Now + _options.WalletCacheDuration);
        return wallet;
    }

    private async Task<decimal> GetCentsPerSatoshiAsync(bool refresh, CancellationToken cancellation)
    {
        if (!refresh && _state.Price.Get(Now) is { } cached)
            return cached.CentsPerSatoshi;
        var price = await _api.GetUsdPriceAsync(cancellation);
        var centsPerSatoshi = FlashAmounts.CentsPerSatoshi(price.BtcSatPrice)
            ?? throw new FlashUnexpectedResponseException(FlashOperations.RealtimePrice.Name, "the USD price is missing or not positive", _server);
        _state.Price.Set(new FlashConnectionState.UsdPrice(centsPerSatoshi), Now + _options.PriceCacheDuration);
        return centsPerSatoshi;
    }

    /// <summary>BTCPay's request in Flash's terms: amount in millisatoshi, expiry in minutes, description hash or memo.</summary>
    private sealed record InvoiceOrder(long AmountMsat, long ExpiresInMinutes, string? DescriptionHash, string? Memo)
    {
        /// <summary>
        /// A description hash means LNURL-pay, whose wallets refuse an invoice for any other amount than they asked
        /// (LUD-06); BTCPay's own checkout absorbs small differences instead.
        /// </summary>
        public bool MustBeExact => DescriptionHash is not null;
    }
}
