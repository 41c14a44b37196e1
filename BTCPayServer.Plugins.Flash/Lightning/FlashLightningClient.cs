using System.ComponentModel.DataAnnotations;
using System.Globalization;
using BTCPayServer.Lightning;
using BTCPayServer.Payments.Lightning;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.GraphQL;
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
/// <para>
/// Over 400 lines because it is the whole adapter: every member of BTCPay's interface, and the checks that keep a
/// checkout from showing an invoice that does not match what was asked (amount, description hash, network), which
/// read best next to the members that make them, as in BTCPayServer.Lightning's own adapters.
/// </para>
/// </summary>
public sealed class FlashLightningClient : IExtendedLightningClient
{
    /// <summary>How long <see cref="Validate"/> waits for Flash before saying it did not answer.</summary>
    internal static readonly TimeSpan ValidationTimeout = TimeSpan.FromSeconds(20);

    internal const string PlainTokenRefused =
        "This connection string holds the Flash API token in plain text, and BTCPay would store it as typed. Connect Flash in the " +
        "store's Flash settings instead, and paste the connection string shown there: it holds no token.";

    private readonly FlashClientSettings _settings;
    private readonly Func<CancellationToken, ValueTask<FlashSession>> _session;
    private readonly FlashPublicApi _publicApi;
    private readonly Network _network;
    private readonly FlashConnectionState _state;
    private readonly FlashLightningClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;

    /// <param name="settings">The connection string, the network, and what the string says about itself.</param>
    /// <param name="session">
    /// The account behind the connection as it stands at the moment of each call (see <see cref="FlashSession"/>):
    /// asked once per call, so a reconnect takes effect for the next call even on a client BTCPay keeps.
    /// </param>
    /// <param name="state">What the clients of this connection string share; see <see cref="FlashConnectionState"/>.</param>
    /// <param name="publicApi">Flash's operations that need no credential: invoice status and <c>globals</c>.</param>
    public FlashLightningClient(
        FlashClientSettings settings,
        Func<CancellationToken, ValueTask<FlashSession>> session,
        FlashConnectionState state,
        FlashPublicApi publicApi,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(publicApi);
        _settings = settings;
        _session = session;
        _state = state;
        _publicApi = publicApi;
        _network = settings.Network;
        _options = settings.Options;
        _time = timeProvider ?? TimeProvider.System;
        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<FlashLightningClient>();
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>The connection string without any plaintext token (a pasted plain one comes back protected).</summary>
    public override string ToString() => _settings.ConnectionString;

    public string? DisplayName => "Flash";

    /// <summary>Flash's GraphQL endpoint, for BTCPay's page; null for a store's saved connection not opened yet.</summary>
    public Uri? ServerUri => _settings.ServerUri;

    /// <summary>
    /// What BTCPay asks when a store saves this connection string: the network Flash runs on, the token (one request,
    /// which also gets the wallet and the price a first checkout needs), the wallet, and that it can receive (one
    /// invoice of the smallest amount, left unpaid). A string that names a local or private server is checked
    /// offline only, since BTCPay then decides itself whether this user may point a store there. Null means valid.
    /// </summary>
    public async Task<ValidationResult?> Validate()
    {
        if (_settings.HoldsPlainToken)
            return new ValidationResult(PlainTokenRefused);
        if (_settings.ServerUri is { } named && IsLocal(named) && !_settings.ValidateLocalServers)
            return null;
        using var timeout = new CancellationTokenSource(ValidationTimeout, _time);
        try
        {
            var session = await _session(timeout.Token);
            var globals = await _publicApi.On(session.Server).GetGlobalsAsync(timeout.Token);
            if (!FlashNetworkNames.Matches(globals.Network, _network))
            {
                return new ValidationResult(
                    $"Flash at {session.Server.Server} runs on {globals.Network}, but this BTCPay Server expects {FlashNetworkNames.Of(_network)}: connect the Flash server of {FlashNetworkNames.Of(_network)}.");
            }
            var (user, price) = await session.Api.GetUserAndUsdPriceAsync(timeout.Token);
            if (price is not null && FlashAmounts.CentsPerSatoshi(price.BtcSatPrice) is not null)
                RememberPrice(session, price);
            var wallet = Choose(session, user.DefaultAccount);
            var (invoice, refusal) = await FlashReceiveProbe.TryAsync(_publicApi.On(session.Server), wallet, TimeSpan.FromMinutes(1), timeout.Token);
            if (invoice is not null)
                return null;
            return new ValidationResult(FlashReceiveProbe.CannotReceive(wallet, refusal) && !wallet.IsDollar
                ? $"Flash does not receive into this account's BTC wallet: it answered \"{((FlashPayloadErrorException)refusal!).Reason}\". Use the account's dollar wallet: put currency=USD in the connection string, or connect Flash again with \"Receive in: dollar wallet (USD or USDT)\"."
                : $"The account's {wallet.WalletCurrency} wallet could not receive a test invoice: {refusal!.Message}");
        }
        catch (FlashWalletNotFoundException e)
        {
            return new ValidationResult($"{e.Message}: fix wallet-id or currency in the connection string, or leave them out for the account's default wallet.");
        }
        catch (FlashApiException e)
        {
            // A refused token or key ring already says to reconnect; anything else is that Flash could not be asked.
            return new ValidationResult(e is Auth.FlashReconnectRequiredException ? e.Message : $"Flash could not be asked to check this connection: {e.Message}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new ValidationResult(string.Create(CultureInfo.InvariantCulture,
                $"Flash did not answer within {ValidationTimeout.TotalSeconds:0} seconds, so the connection could not be checked: try again in a moment."));
        }
    }

    /// <summary>BTCPay's <c>IsLocalNetwork</c> rule for a lightning server (and the other local ranges the settings page refuses).</summary>
    private static bool IsLocal(Uri server) =>
        FlashServerAddress.LiteralAddressOf(server) is { } address
            ? FlashServerAddress.IsLocal(address)
            : FlashServerAddress.IsLocalName(FlashServerAddress.HostOf(server));

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
        var session = await _session(cancellation);
        if (order.MustBeExact && FlashAmounts.ExactSatoshis(order.AmountMsat) is null)
            throw FlashInvoiceMismatchException.AmountNotWholeSatoshis(session.Server.Server, order.AmountMsat);
        var wallet = await GetWalletAsync(session, cancellation);
        var invoice = wallet.IsDollar
            ? await CreateUsdInvoiceAsync(session, wallet, order, cancellation)
            : await CreateBtcInvoiceAsync(session, wallet, order, cancellation);
        var issued = IssuedInvoice.From(invoice, session.Server);
        _state.Invoices.Remember(issued, settled: false, Now, _options.Retention);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.LogDebug(FlashLogEvents.InvoiceCreated, "Created Flash invoice {PaymentHash} for {AmountMsat} msat on a {WalletCurrency} wallet",
                invoice.PaymentHashText(), invoice.AmountMilliSatoshi(), wallet.WalletCurrency);
        }
        return ToLightningInvoice(issued, InvoicePaymentStatus.Pending, Now);
    }

    /// <summary>The invoice whose id (its payment request) is <paramref name="invoiceId"/>, or null when it is not a Flash invoice.</summary>
    public async Task<LightningInvoice?> GetInvoice(string invoiceId, CancellationToken cancellation = default)
    {
        // Ids are payment requests; anything else, or an invoice for another network, cannot be one of ours.
        if (!Bolt11PaymentRequests.TryDecode(invoiceId, _network, out var invoice, out _))
            return null;
        // Asked of the server that issued it when this connection made it, else of the connection's server now.
        var issued = _state.Invoices.Find(invoice.PaymentHashText()) ?? IssuedInvoice.From(invoice, (await _session(cancellation)).Server);
        return await LookUpAsync(issued, cancellation);
    }

    /// <summary>
    /// Flash cannot find an invoice by payment hash, so this answers for invoices this connection created or looked
    /// up since the host started (kept for <see cref="FlashLightningClientOptions.Retention"/>), and null otherwise.
    /// </summary>
    public async Task<LightningInvoice?> GetInvoice(uint256 paymentHash, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(paymentHash);
        return _state.Invoices.Find(paymentHash.ToString()) is { } issued ? await LookUpAsync(issued, cancellation) : null;
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
                var status = await _publicApi.On(payment.Server).GetInvoicePaymentStatusAsync(payment.Invoice.Text(), cancellation);
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
        var listener = new FlashInvoiceListener(_publicApi, _state.Invoices, _options, _time, _loggers.CreateLogger<FlashInvoiceListener>(), _state.Expired);
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
        var server = (await _session(cancellation)).Server;
        var globals = await _publicApi.On(server).GetGlobalsAsync(cancellation);
        if (!FlashNetworkNames.Matches(globals.Network, _network))
            throw new FlashNetworkMismatchException(globals.Network, FlashNetworkNames.Of(_network), server.Server);
        return new LightningNodeInformation { Alias = $"Flash ({globals.LightningAddressDomain})" };
    }

    /// <summary>The wallet's balance as the local off-chain balance; USD wallets are converted at the current price.</summary>
    public async Task<LightningNodeBalance> GetBalance(CancellationToken cancellation = default)
    {
        var session = await _session(cancellation);
        var wallet = Choose(session, await session.Api.GetDefaultAccountAsync(cancellation));
        var balance = wallet.Balance ?? throw new FlashUnexpectedResponseException(FlashOperations.Me.Name, "the wallet's balance is null", session.Server.Server);
        var local = wallet.IsDollar
            ? FlashAmounts.FromCents(balance, await GetCentsPerSatoshiAsync(session, refresh: false, cancellation))
            : FlashAmounts.FromSatoshis(balance);
        // No channels: nothing opens or closes, and Flash does not say how much it could receive.
        return new LightningNodeBalance(null, new OffchainBalance { Opening = LightMoney.Zero, Local = local, Remote = null, Closing = LightMoney.Zero });
    }

    public Task<PayResponse> Pay(PayInvoiceParams payParams, CancellationToken cancellation = default) =>
        NotSupported<PayResponse>("Flash pays BOLT 11 invoices only; a payment without an invoice (keysend) is not possible.");

    public Task<PayResponse> Pay(string bolt11, CancellationToken cancellation = default) => Pay(bolt11, new PayInvoiceParams(), cancellation);

    /// <summary>
    /// <c>lnInvoicePaymentSend</c> from the selected wallet with a fresh idempotency key, so the transport can repeat
    /// a request whose answer was lost without paying twice. Flash chooses and charges its own fees, which cannot be
    /// capped in the request: a fee limit in <paramref name="payParams"/> is checked against Flash's fee probe first.
    /// </summary>
    public async Task<PayResponse> Pay(string bolt11, PayInvoiceParams payParams, CancellationToken cancellation = default)
    {
        if (!Bolt11PaymentRequests.TryDecode(bolt11, _network, out var invoice, out var error))
            return new PayResponse(PayResult.Error, error);
        if (invoice.AmountMilliSatoshi() is not { } amount)
            return new PayResponse(PayResult.Error, "Flash can only pay invoices that state an amount.");
        if (payParams?.Amount is { } asked && asked.MilliSatoshi != amount)
            return new PayResponse(PayResult.Error, "Flash pays exactly the invoice's amount; another amount was asked for.");

        var session = await _session(cancellation);
        var wallet = await GetWalletAsync(session, cancellation);
        if (await FeeOverLimitAsync(session, wallet, invoice, payParams, cancellation) is { } refusal)
            return new PayResponse(PayResult.Error, refusal);
        _state.Payments.Begin(invoice, session.Server, Now, _options.Retention);
        using var timeout = new CancellationTokenSource(payParams?.SendTimeout ?? PayInvoiceParams.DefaultSendTimeout, _time);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancellation, timeout.Token);
        PayResponse response;
        try
        {
            var result = await session.Api.SendPaymentAsync(new LnInvoicePaymentInput
            {
                WalletId = wallet.Id,
                PaymentRequest = invoice.Text(),
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
        _state.Payments.Update(invoice.PaymentHashText(), response.Details?.Status ?? LightningPaymentStatus.Failed);
        _logger.LogInformation(FlashLogEvents.PaymentSent, "Flash payment of {PaymentHash}: {PayResult}", invoice.PaymentHashText(), response.Result);
        return response;
    }

    /// <summary>
    /// BTCPay's fee limit for a payout (<see cref="PayInvoiceParams.MaxFeePercent"/> of the amount and a flat
    /// <see cref="PayInvoiceParams.MaxFeeFlat"/>; a fee within either is accepted, as Core Lightning's exempt fee
    /// works) checked against the fee Flash says it would charge, before anything is paid. Where Flash offers no fee
    /// probe, the limit cannot be checked, and the payment is not made. Null: within the limit, or no limit given.
    /// </summary>
    private async Task<string?> FeeOverLimitAsync(FlashSession session, Wallet wallet, BOLT11PaymentRequest invoice, PayInvoiceParams? payParams, CancellationToken cancellation)
    {
        if (payParams is null || (payParams.MaxFeePercent is null && payParams.MaxFeeFlat is null))
            return null;
        var amountMsat = invoice.AmountMilliSatoshi() ?? 0;
        var limitMsat = Math.Max(
            payParams.MaxFeeFlat is { } flat ? flat.Satoshi * 1000 : 0,
            payParams.MaxFeePercent is { } percent ? (long)Math.Floor(amountMsat * percent / 100) : 0);
        decimal fee;
        try
        {
            fee = await session.Api.ProbeFeeAsync(new FeeProbeInput { WalletId = wallet.Id, PaymentRequest = invoice.Text() }, wallet.IsDollar, cancellation);
        }
        catch (FlashPayloadErrorException e)
        {
            _logger.LogWarning(FlashLogEvents.FeeProbeFailed, "Flash could not tell the fee of paying {PaymentHash}: {Reason}", invoice.PaymentHash, e.Reason);
            return $"Flash cannot tell in advance what it would charge to pay from this {wallet.WalletCurrency} wallet ({e.Reason}), so the payout's fee limit cannot be checked: the payout was not sent. Pay it from a dollar wallet, or without a fee limit.";
        }
        var feeMsat = wallet.IsDollar
            ? FlashAmounts.FromCents(fee, await GetCentsPerSatoshiAsync(session, refresh: false, cancellation)).MilliSatoshi
            : (long)(fee * 1000);
        if (feeMsat <= limitMsat)
            return null;
        var charged = wallet.IsDollar ? string.Create(CultureInfo.InvariantCulture, $"{fee:0.##} cents (about {feeMsat / 1000m:0.###} sats)") : string.Create(CultureInfo.InvariantCulture, $"{fee:0.###} sats");
        return string.Create(CultureInfo.InvariantCulture,
            $"Flash would charge {charged} to pay this invoice, more than the payout's fee limit of {limitMsat / 1000m:0.###} sats: the payout was not sent.");
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
    internal static LightningInvoice ToLightningInvoice(IssuedInvoice invoice, InvoicePaymentStatus status, DateTimeOffset observedAt)
    {
        var amount = invoice.AmountMilliSatoshi is { } msat ? LightMoney.MilliSatoshis(msat) : null;
        var paid = status == InvoicePaymentStatus.Paid;
        return new LightningInvoice
        {
            Id = invoice.PaymentRequest,
            BOLT11 = invoice.PaymentRequest,
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

    internal static PayResponse ToPayResponse(PaymentSendResult result, BOLT11PaymentRequest invoice) => result switch
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

    private static PayDetails Details(BOLT11PaymentRequest invoice, LightningPaymentStatus status) => new()
    {
        // Flash does not report its fee, so the total is what the invoice asked for and the fee stays unknown.
        TotalAmount = invoice.MinimumAmount,
        PaymentHash = invoice.PaymentHash,
        Status = status,
    };

    private static LightningPayment ToLightningPayment(SentPayment payment)
    {
        var amount = payment.Invoice.MinimumAmount;
        return new LightningPayment
        {
            Id = payment.Invoice.PaymentHashText(),
            PaymentHash = payment.Invoice.PaymentHashText(),
            BOLT11 = payment.Invoice.Text(),
            Status = payment.Status,
            CreatedAt = payment.CreatedAt,
            Amount = amount,
            AmountSent = payment.Status == LightningPaymentStatus.Complete ? amount : null,
        };
    }

    /// <summary>A faulted task, as an async member reports failure, rather than a synchronous throw.</summary>
    private static Task<T> NotSupported<T>(string reason) => Task.FromException<T>(new NotSupportedException(reason));

    private static bool IsRouteFailure(FlashPayloadErrorException e) => e.HasCode("ROUTE_FINDING_ERROR") || e.HasCode("NO_ROUTE");

    private async Task<LightningInvoice?> LookUpAsync(IssuedInvoice issued, CancellationToken cancellation)
    {
        InvoicePaymentStatus status;
        try
        {
            status = await _publicApi.On(issued.Server).GetInvoicePaymentStatusAsync(issued.PaymentRequest, cancellation);
        }
        catch (FlashPayloadErrorException e) when (e.IsNotFound)
        {
            return null;
        }
        // An unpaid invoice looked up is one BTCPay still waits for: the listener should watch it too.
        _state.Invoices.Remember(issued, settled: status != InvoicePaymentStatus.Pending, Now, _options.Retention);
        return ToLightningInvoice(issued, status, Now);
    }

    private async Task<BOLT11PaymentRequest> CreateBtcInvoiceAsync(FlashSession session, Wallet wallet, InvoiceOrder order, CancellationToken cancellation)
    {
        var satoshis = FlashAmounts.SatoshisCovering(order.AmountMsat);
        var created = await RequestInvoiceAsync(session, wallet, order, satoshis, cancellation);
        var invoice = Verify(session, created, order);
        // Flash takes whole satoshis, so the invoice is for exactly the satoshis asked for.
        return AmountIsWithin(invoice, order, satoshis * 1000) ? invoice : throw WrongAmount(session, invoice, order, repriced: false);
    }

    /// <summary>
    /// Flash prices a USD invoice itself, rounding the cents asked for to the nearest whole satoshi; the cents come
    /// from the cached price. A checkout asks for cents that cover the amount, an LNURL-pay invoice for the exact,
    /// fractional cents the amount is worth. An invoice that does not fit means the price moved: ask once more with a
    /// fresh price, then give up rather than overcharge or hand out an invoice the LNURL wallet would refuse.
    /// </summary>
    private async Task<BOLT11PaymentRequest> CreateUsdInvoiceAsync(FlashSession session, Wallet wallet, InvoiceOrder order, CancellationToken cancellation)
    {
        var satoshis = FlashAmounts.SatoshisCovering(order.AmountMsat);
        for (var attempt = 1; ; attempt++)
        {
            var centsPerSatoshi = await GetCentsPerSatoshiAsync(session, refresh: attempt > 1, cancellation);
            var cents = order.MustBeExact
                ? FlashAmounts.CentsWorth(satoshis, centsPerSatoshi)
                : FlashAmounts.CentsCovering(satoshis, centsPerSatoshi);
            var created = await RequestInvoiceAsync(session, wallet, order, cents, cancellation);
            var invoice = Verify(session, created, order);
            if (AmountIsWithin(invoice, order, FlashAmounts.MaxUsdInvoiceMsat(order.AmountMsat)))
                return invoice;
            if (attempt > 1)
                throw WrongAmount(session, invoice, order, repriced: true);
            _logger.LogInformation(FlashLogEvents.InvoiceRepriced,
                "Flash priced invoice {PaymentHash} at {InvoiceMsat} msat for {RequestedMsat} msat asked; asking again at a fresh price",
                invoice.PaymentHashText(), invoice.AmountMilliSatoshi(), order.AmountMsat);
        }
    }

    /// <summary>
    /// One of Flash's four invoice mutations: for a BTC or a USD wallet, with a memo or committing to a description
    /// hash. <paramref name="amount"/> is in the wallet's unit: whole satoshis or US cents. The description-hash
    /// (LNURL-pay) ones are public on Flash, so they are asked without the store's key and cost nothing of its rate
    /// limit; the checkout ones need the key's <c>write_wallet</c>, one request of the limit each.
    /// </summary>
    private Task<LnInvoice> RequestInvoiceAsync(FlashSession session, Wallet wallet, InvoiceOrder order, decimal amount, CancellationToken cancellation) =>
        (wallet.IsDollar, order.DescriptionHash) switch
        {
            (false, null) => session.Api.CreateInvoiceAsync(new LnInvoiceCreateInput
            {
                WalletId = wallet.Id, Amount = (long)amount, Memo = order.Memo, ExpiresIn = order.ExpiresInMinutes,
            }, cancellation),
            (false, { } hash) => _publicApi.On(session.Server).CreateInvoiceOnBehalfOfRecipientAsync(new LnInvoiceCreateOnBehalfOfRecipientInput
            {
                RecipientWalletId = wallet.Id, Amount = (long)amount, DescriptionHash = hash, ExpiresIn = order.ExpiresInMinutes,
            }, cancellation),
            (true, null) => session.Api.CreateUsdInvoiceAsync(new LnUsdInvoiceCreateInput
            {
                WalletId = wallet.Id, Amount = amount, Memo = order.Memo, ExpiresIn = order.ExpiresInMinutes,
            }, cancellation),
            (true, { } hash) => _publicApi.On(session.Server).CreateUsdInvoiceOnBehalfOfRecipientAsync(new LnUsdInvoiceCreateOnBehalfOfRecipientInput
            {
                RecipientWalletId = wallet.Id, Amount = amount, DescriptionHash = hash, ExpiresIn = order.ExpiresInMinutes,
            }, cancellation),
        };

    /// <summary>
    /// What every created invoice must be: a well-formed BOLT 11 for our network with the reported hash and the
    /// requested description hash. Its signature is not checked (<see cref="BOLT11PaymentRequest.VerifySignature"/>):
    /// Flash issued it to us over TLS under a key we do not pin, and BTCPay checks the signature whenever it parses
    /// the invoice for a payer.
    /// </summary>
    private BOLT11PaymentRequest Verify(FlashSession session, LnInvoice created, InvoiceOrder order)
    {
        var server = session.Server.Server;
        BOLT11PaymentRequest invoice;
        try
        {
            invoice = Bolt11PaymentRequests.Decode(created.PaymentRequest, _network);
        }
        catch (FormatException e)
        {
            throw FlashInvoiceMismatchException.InvalidInvoice(server, e);
        }
        if (!string.Equals(invoice.PaymentHashText(), created.PaymentHash, StringComparison.OrdinalIgnoreCase))
            throw FlashInvoiceMismatchException.PaymentHashMismatch(server);
        if (order.DescriptionHash is { } expected)
        {
            if (invoice.DescriptionHashText() is not { } descriptionHash)
                throw FlashInvoiceMismatchException.DescriptionHashMissing(server);
            if (!string.Equals(descriptionHash, expected, StringComparison.Ordinal))
                throw FlashInvoiceMismatchException.DescriptionHashMismatch(server);
        }
        return invoice;
    }

    /// <summary>
    /// Never less than BTCPay asked for, and no more than <paramref name="maxMsat"/>; for LNURL-pay, exactly what it
    /// asked for.
    /// </summary>
    private static bool AmountIsWithin(BOLT11PaymentRequest invoice, InvoiceOrder order, long maxMsat) =>
        invoice.AmountMilliSatoshi() is { } msat && msat >= order.AmountMsat && msat <= (order.MustBeExact ? order.AmountMsat : maxMsat);

    /// <param name="repriced">Whether the invoice was asked for a second time, at a fresh USD price.</param>
    private static FlashInvoiceMismatchException WrongAmount(FlashSession session, BOLT11PaymentRequest invoice, InvoiceOrder order, bool repriced)
    {
        var server = session.Server.Server;
        var invoiceMsat = invoice.AmountMilliSatoshi();
        return order switch
        {
            { MustBeExact: true } when repriced => FlashInvoiceMismatchException.PriceNotExact(server, invoiceMsat, order.AmountMsat),
            { MustBeExact: true } => FlashInvoiceMismatchException.AmountNotExact(server, invoiceMsat, order.AmountMsat),
            _ when invoiceMsat is { } msat && msat >= order.AmountMsat => FlashInvoiceMismatchException.AmountTooHigh(server, msat, order.AmountMsat),
            _ => FlashInvoiceMismatchException.AmountTooLow(server, invoiceMsat ?? 0, order.AmountMsat),
        };
    }

    /// <summary>
    /// The session's wallet. Cold, it is asked together with the USD price in one request, so a store's first
    /// invoice after a start costs two round trips; a server that cannot answer the price is asked for the account alone.
    /// </summary>
    private async Task<Wallet> GetWalletAsync(FlashSession session, CancellationToken cancellation)
    {
        if (session.Wallet.Get(Now) is { } cached)
            return cached;
        try
        {
            var (user, price) = await session.Api.GetUserAndUsdPriceAsync(cancellation);
            if (price is not null && FlashAmounts.CentsPerSatoshi(price.BtcSatPrice) is not null)
                RememberPrice(session, price);
            return Choose(session, user.DefaultAccount);
        }
        catch (FlashPayloadErrorException e)
        {
            _logger.LogDebug(e, "Flash ({Server}) did not answer the account and the price together; asking for the account alone", session.Server.Server);
            return Choose(session, await session.Api.GetDefaultAccountAsync(cancellation));
        }
    }

    private Wallet Choose(FlashSession session, Account account)
    {
        var choice = session.WalletSelection.Choose(account, session.Server.Server);
        if (choice.Warning is { } warning)
            _logger.LogWarning(FlashLogEvents.WalletFallback, "Flash ({Server}): {Warning}", session.Server.Server, warning);
        session.Wallet.Set(choice.Wallet, Now + _options.WalletCacheDuration);
        return choice.Wallet;
    }

    /// <summary>The cached USD price, else Flash's <c>realtimePrice</c>: public on Flash, so asked without the store's key.</summary>
    private async Task<decimal> GetCentsPerSatoshiAsync(FlashSession session, bool refresh, CancellationToken cancellation)
    {
        if (!refresh && session.Price.Get(Now) is { } cached)
            return cached.CentsPerSatoshi;
        return RememberPrice(session, await _publicApi.On(session.Server).GetUsdPriceAsync(cancellation));
    }

    private decimal RememberPrice(FlashSession session, RealtimePrice price)
    {
        var centsPerSatoshi = FlashAmounts.CentsPerSatoshi(price.BtcSatPrice)
            ?? throw new FlashUnexpectedResponseException(FlashOperations.RealtimePrice.Name, "the USD price is missing or not positive", session.Server.Server);
        session.Price.Set(new FlashSession.UsdPrice(centsPerSatoshi), Now + _options.PriceCacheDuration);
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
