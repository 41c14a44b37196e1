using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.FlashApi;

/// <summary>
/// Flash's GraphQL API, typed: one method per remote operation, each sending its embedded document
/// (<c>Operations/*.graphql</c>, with the fragments it uses). It knows the wire and nothing about BTCPay. Failures are typed:
/// the transport's <see cref="FlashApiException"/> subclasses, <see cref="FlashPayloadErrorException"/> for
/// business errors in a payload, <see cref="FlashUnexpectedResponseException"/> for answers of the wrong shape.
/// </summary>
public sealed class FlashApiClient
{
    private const string UsdCurrency = "USD";

    private readonly GraphQLHttpTransport _http;
    private readonly string _server;

    /// <param name="http">The HTTP transport to Flash's <c>/graphql</c>, already carrying the credential header.</param>
    public FlashApiClient(GraphQLHttpTransport http)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _server = FlashApiException.ServerOf(http.Endpoint);
    }

    /// <summary><c>me</c>: the caller's default account with its wallets and balances.</summary>
    public async Task<Account> GetDefaultAccountAsync(CancellationToken cancellation = default) => (await GetUserAsync(cancellation)).DefaultAccount;

    /// <summary><c>me</c>: the caller, with its default account's wallets and balances.</summary>
    public async Task<User> GetUserAsync(CancellationToken cancellation = default)
    {
        var operation = FlashOperations.Me;
        return await QueryAsync(operation, FlashApiJsonContext.Default.User, cancellation)
            ?? throw Unexpected(operation, "'me' is null, so there is no account");
    }

    /// <summary>
    /// <c>me</c> and <c>realtimePrice(currency: "USD")</c> in one request: what a session's first invoice needs, so a
    /// cold checkout costs two round trips (this and the invoice) inside BTCPay's five seconds. The price is null
    /// when the answer holds none in US cents: the caller then asks for it on its own when it needs it.
    /// </summary>
    public async Task<(User User, RealtimePrice? UsdPrice)> GetUserAndUsdPriceAsync(CancellationToken cancellation = default)
    {
        var operation = FlashOperations.MeAndPrice;
        var request = operation.Request(new RealtimePriceVariables(UsdCurrency), FlashApiJsonContext.Default.RealtimePriceVariables);
        var data = await ExecuteAsync(operation, request, OperationSafety.SafeToRepeat, RateLimitHandling.WaitWithinBudget, cancellation);
        var user = Read(operation, data, FlashApiJsonContext.Default.User) ?? throw Unexpected(operation, "'me' is null, so there is no account");
        RealtimePrice? price;
        try
        {
            price = ReadField(operation, data, "realtimePrice", FlashApiJsonContext.Default.RealtimePrice);
        }
        catch (FlashUnexpectedResponseException)
        {
            price = null;
        }
        return (user, price is { DenominatorCurrency: var currency } && string.Equals(currency, UsdCurrency, StringComparison.OrdinalIgnoreCase) ? price : null);
    }

    /// <summary><c>globals</c>: network, node ids and lightning address domain.</summary>
    public async Task<Globals> GetGlobalsAsync(CancellationToken cancellation = default)
    {
        var operation = FlashOperations.Globals;
        return await QueryAsync(operation, FlashApiJsonContext.Default.Globals, cancellation)
            ?? throw Unexpected(operation, "'globals' is null");
    }

    /// <summary><c>cashWalletCutover</c>: where Flash is in moving USD cash wallets to USDT wallets.</summary>
    public async Task<CashWalletCutoverState> GetCashWalletCutoverAsync(CancellationToken cancellation = default)
    {
        var operation = FlashOperations.CashWalletCutover;
        var cutover = await QueryAsync(operation, FlashApiJsonContext.Default.CashWalletCutover, cancellation)
            ?? throw Unexpected(operation, "'cashWalletCutover' is null");
        return cutover.State;
    }

    /// <summary><c>realtimePrice(currency: "USD")</c>: what one satoshi costs in US cents now.</summary>
    public async Task<RealtimePrice> GetUsdPriceAsync(CancellationToken cancellation = default)
    {
        var operation = FlashOperations.RealtimePrice;
        var request = operation.Request(new RealtimePriceVariables(UsdCurrency),
            FlashApiJsonContext.Default.RealtimePriceVariables);
        var data = await ExecuteAsync(operation, request, OperationSafety.SafeToRepeat, RateLimitHandling.WaitWithinBudget, cancellation);
        var price = Read(operation, data, FlashApiJsonContext.Default.RealtimePrice) ?? throw Unexpected(operation, "'realtimePrice' is null");
        return CheckUsd(operation, price);
    }

    private RealtimePrice CheckUsd(FlashOperation operation, RealtimePrice price)
    {
        if (!string.Equals(price.DenominatorCurrency, UsdCurrency, StringComparison.OrdinalIgnoreCase))
            throw Unexpected(operation, "the price is not in US cents");
        return price;
    }

    /// <summary><c>lnInvoiceCreate</c>: an invoice on a BTC wallet.</summary>
    public Task<LnInvoice> CreateInvoiceAsync(LnInvoiceCreateInput input, CancellationToken cancellation = default) =>
        CreateInvoiceAsync(FlashOperations.LnInvoiceCreate, input, FlashApiJsonContext.Default.InputVariablesLnInvoiceCreateInput, cancellation);

    /// <summary><c>lnUsdInvoiceCreate</c>: an invoice on a USD or USDT wallet, priced by Flash.</summary>
    public Task<LnInvoice> CreateUsdInvoiceAsync(LnUsdInvoiceCreateInput input, CancellationToken cancellation = default) =>
        CreateInvoiceAsync(FlashOperations.LnUsdInvoiceCreate, input, FlashApiJsonContext.Default.InputVariablesLnUsdInvoiceCreateInput, cancellation);

    /// <summary><c>lnInvoiceCreateOnBehalfOfRecipient</c>: a BTC-wallet invoice that can commit to a description hash.</summary>
    public Task<LnInvoice> CreateInvoiceOnBehalfOfRecipientAsync(LnInvoiceCreateOnBehalfOfRecipientInput input, CancellationToken cancellation = default) =>
        CreateInvoiceAsync(FlashOperations.LnInvoiceCreateOnBehalfOfRecipient, input,
            FlashApiJsonContext.Default.InputVariablesLnInvoiceCreateOnBehalfOfRecipientInput, cancellation);

    /// <summary><c>lnUsdInvoiceCreateOnBehalfOfRecipient</c>: a USD-wallet invoice that can commit to a description hash.</summary>
    public Task<LnInvoice> CreateUsdInvoiceOnBehalfOfRecipientAsync(LnUsdInvoiceCreateOnBehalfOfRecipientInput input, CancellationToken cancellation = default) =>
        CreateInvoiceAsync(FlashOperations.LnUsdInvoiceCreateOnBehalfOfRecipient, input,
            FlashApiJsonContext.Default.InputVariablesLnUsdInvoiceCreateOnBehalfOfRecipientInput, cancellation);

    /// <summary><c>lnInvoicePaymentStatus</c> as a query over HTTP.</summary>
    /// <exception cref="FlashPayloadErrorException">For instance Flash does not know the invoice (<see cref="FlashPayloadErrorException.IsNotFound"/>).</exception>
    public async Task<InvoicePaymentStatus> GetInvoicePaymentStatusAsync(string paymentRequest, CancellationToken cancellation = default)
    {
        var operation = FlashOperations.LnInvoicePaymentStatusQuery;
        var data = await ExecuteAsync(operation, PaymentStatusRequest(operation, paymentRequest), OperationSafety.SafeToRepeat, RateLimitHandling.WaitWithinBudget, cancellation);
        return StatusOf(operation, data);
    }

    /// <summary>
    /// <c>lnInvoicePaymentStatus</c> as a subscription on <paramref name="socket"/>, each status handed to
    /// <paramref name="subscriber"/> as it arrives (read it with <see cref="ReadInvoicePaymentStatus"/>): the status
    /// now, then each change. Flash serves it without credentials. Nothing waits on it, so thousands can run at once.
    /// </summary>
    internal GraphQLWebSocketOperation StartInvoicePaymentStatus(GraphQLWebSocketClient socket, string paymentRequest, IGraphQLSubscriber subscriber)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return socket.Start(PaymentStatusRequest(FlashOperations.LnInvoicePaymentStatusSubscription, paymentRequest), subscriber);
    }

    /// <summary>The status in one result of <see cref="StartInvoicePaymentStatus"/>.</summary>
    /// <exception cref="FlashPayloadErrorException">For instance Flash does not know the invoice (<see cref="FlashPayloadErrorException.IsNotFound"/>).</exception>
    internal InvoicePaymentStatus ReadInvoicePaymentStatus(JsonElement data) => StatusOf(FlashOperations.LnInvoicePaymentStatusSubscription, data);

    /// <summary>
    /// <c>lnInvoicePaymentSend</c>. With an <see cref="LnInvoicePaymentInput.IdempotencyKey"/> the transport may repeat
    /// the request after a transient failure: Flash answers a repeat with the first result instead of paying twice.
    /// </summary>
    public async Task<PaymentSendResult> SendPaymentAsync(LnInvoicePaymentInput input, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var operation = FlashOperations.LnInvoicePaymentSend;
        var request = operation.Request(new InputVariables<LnInvoicePaymentInput>(input),
            FlashApiJsonContext.Default.InputVariablesLnInvoicePaymentInput);
        var safety = input.IdempotencyKey is null ? OperationSafety.Unsafe : OperationSafety.SafeToRepeat;
        var data = await ExecuteAsync(operation, request, safety, RateLimitHandling.WaitWithinBudget, cancellation);
        var payload = Read(operation, data, FlashApiJsonContext.Default.PaymentSendPayload) ?? throw Unexpected(operation, "'lnInvoicePaymentSend' is null");
        ThrowIfErrors(operation, payload.Errors);
        return payload.Status ?? throw Unexpected(operation, "no status and no errors");
    }

    /// <summary>
    /// The fee Flash would charge to pay <see cref="FeeProbeInput.PaymentRequest"/> from the wallet: US cents from a
    /// dollar wallet (<c>lnUsdInvoiceFeeProbe</c>), satoshis from a BTC wallet (<c>lnInvoiceFeeProbe</c>). Nothing is paid.
    /// </summary>
    public async Task<decimal> ProbeFeeAsync(FeeProbeInput input, bool dollarWallet, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var operation = dollarWallet ? FlashOperations.LnUsdInvoiceFeeProbe : FlashOperations.LnInvoiceFeeProbe;
        var request = operation.Request(new InputVariables<FeeProbeInput>(input), FlashApiJsonContext.Default.InputVariablesFeeProbeInput);
        var data = await ExecuteAsync(operation, request, OperationSafety.SafeToRepeat, RateLimitHandling.WaitWithinBudget, cancellation);
        var payload = Read(operation, data, FlashApiJsonContext.Default.AmountPayload) ?? throw Unexpected(operation, $"'{operation.RootField}' is null");
        ThrowIfErrors(operation, payload.Errors);
        return payload.Amount is { } fee and >= 0 ? fee : throw Unexpected(operation, "no fee and no errors");
    }

    private async Task<LnInvoice> CreateInvoiceAsync<TInput>(
        FlashOperation operation, TInput input, JsonTypeInfo<InputVariables<TInput>> variablesType, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(input);
        var request = operation.Request(new InputVariables<TInput>(input), variablesType);
        // Repeating an invoice creation is harmless: no money moves, and only the invoice of the answer that
        // arrives is used; one whose answer was lost simply expires unpaid. A rate limit is not waited out: BTCPay
        // gives CreateInvoice five seconds, and the merchant is better told at once when to try again.
        var data = await ExecuteAsync(operation, request, OperationSafety.SafeToRepeat, RateLimitHandling.FailFast, cancellation);
        var payload = Read(operation, data, FlashApiJsonContext.Default.LnInvoicePayload) ?? throw Unexpected(operation, $"'{operation.RootField}' is null");
        ThrowIfErrors(operation, payload.Errors);
        return payload.Invoice ?? throw Unexpected(operation, "no invoice and no errors");
    }

    private async Task<T?> QueryAsync<T>(FlashOperation operation, JsonTypeInfo<T> resultType, CancellationToken cancellation)
    {
        var data = await ExecuteAsync(operation, operation.Request(), OperationSafety.SafeToRepeat, RateLimitHandling.WaitWithinBudget, cancellation);
        return Read(operation, data, resultType);
    }

    /// <summary>
    /// Runs the operation over HTTP. Top-level errors that are not about credentials or limits are Flash refusing
    /// the operation in its own words (for instance "Flash does not support BTC wallets."): they become the same
    /// refusal as errors in a payload, so the merchant reads Flash's reason.
    /// </summary>
    private async Task<JsonElement> ExecuteAsync(
        FlashOperation operation, GraphQLRequest request, OperationSafety safety, RateLimitHandling rateLimits, CancellationToken cancellation)
    {
        try
        {
            return await _http.ExecuteAsync(request, safety, rateLimits, cancellation);
        }
        catch (GraphQLRequestErrorException e)
        {
            var errors = e.Errors.Select(error => new PayloadError { Code = error.EffectiveCode, Message = error.Message }).ToList();
            throw new FlashPayloadErrorException(operation, errors, _server, e);
        }
    }

    private static GraphQLRequest PaymentStatusRequest(FlashOperation operation, string paymentRequest)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentRequest);
        return operation.Request(new InputVariables<LnInvoicePaymentStatusInput>(new LnInvoicePaymentStatusInput { PaymentRequest = paymentRequest }),
            FlashApiJsonContext.Default.InputVariablesLnInvoicePaymentStatusInput);
    }

    private InvoicePaymentStatus StatusOf(FlashOperation operation, JsonElement data)
    {
        var payload = Read(operation, data, FlashApiJsonContext.Default.LnInvoicePaymentStatusPayload)
            ?? throw Unexpected(operation, "'lnInvoicePaymentStatus' is null");
        ThrowIfErrors(operation, payload.Errors);
        return payload.Status ?? throw Unexpected(operation, "no status and no errors");
    }

    /// <summary>The value of the operation's root field, or null when the server sent null.</summary>
    private T? Read<T>(FlashOperation operation, JsonElement data, JsonTypeInfo<T> type) => ReadField(operation, data, operation.RootField, type);

    /// <summary>The value of one root field of the answer, or null when the server sent null.</summary>
    private T? ReadField<T>(FlashOperation operation, JsonElement data, string rootField, JsonTypeInfo<T> type)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty(rootField, out var field))
            throw Unexpected(operation, $"'data' has no '{rootField}'");
        if (field.ValueKind == JsonValueKind.Null)
            return default;
        try
        {
            return field.Deserialize(type);
        }
        catch (JsonException ex)
        {
            // The path says where without repeating the value, which could be anything the server sent.
            throw new FlashUnexpectedResponseException(operation.Name,
                $"'{rootField}' does not have the expected shape at {ex.Path ?? "$"}", _server, ex);
        }
    }

    private void ThrowIfErrors(FlashOperation operation, IReadOnlyList<PayloadError> errors)
    {
        if (errors.Count > 0)
            throw new FlashPayloadErrorException(operation, errors, _server);
    }

    private FlashUnexpectedResponseException Unexpected(FlashOperation operation, string problem) => new(operation.Name, problem, _server);
}
