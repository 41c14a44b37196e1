using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.FlashApi;

/// <summary>
/// Flash refused the operation with its own words: business errors in its payload (<c>errors: [Error!]!</c>: a
/// wallet that is not found, an invoice it does not know, a payment it refused) or top-level GraphQL errors without
/// a code the plugin acts on (Flash's "Flash does not support BTC wallets."). BTCPay shows the message to the
/// merchant, so it reads "Flash refused to {what}: {Flash's text}": the server's first text, on one line, bounded,
/// without invisible characters and with anything token-like redacted; the full errors are in <see cref="Errors"/>.
/// </summary>
public sealed class FlashPayloadErrorException : FlashApiException
{
    private const string NotFoundCode = "NOT_FOUND";

    internal FlashPayloadErrorException(FlashOperation operation, IReadOnlyList<PayloadError> errors, string server, Exception? innerException = null)
        : base(Describe(operation.Purpose, errors), server, httpStatus: null, webSocketCloseStatus: null, mayRetry: false, innerException)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Operation = operation.Name;
        Errors = errors;
    }

    /// <summary>The operation's name (for logs and support).</summary>
    public string Operation { get; }

    public IReadOnlyList<PayloadError> Errors { get; }

    /// <summary>The errors' codes, without repeats.</summary>
    public IReadOnlyList<string> Codes => Errors.Select(e => e.Code).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Whether the server does not know the invoice asked about. Flash's code for it is not documented, so an error
    /// saying an invoice was not found counts as well as the <c>NOT_FOUND</c> code the mock uses; another thing not
    /// found (a wallet, an account) is not this, since a watched invoice is dropped on it.
    /// </summary>
    public bool IsNotFound => Errors.Any(e =>
        string.Equals(e.Code, NotFoundCode, StringComparison.OrdinalIgnoreCase)
        || (e.Message.Contains("invoice", StringComparison.OrdinalIgnoreCase) && e.Message.Contains("not found", StringComparison.OrdinalIgnoreCase)));

    public bool HasCode(string code) => Errors.Any(e => string.Equals(e.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>The first error as a user can read it: the server's text (redacted) and its code.</summary>
    public string Reason => Errors.Count == 0 ? "no reason given" : DescribeOne(Errors[0]);

    private static string Describe(string purpose, IReadOnlyList<PayloadError> errors)
    {
        var first = errors.Count == 0 ? "no reason given" : DescribeOne(errors[0]);
        var more = errors.Count > 1 ? $" and {errors.Count - 1} more error(s)" : "";
        return $"Flash refused to {purpose}: {first}{more}";
    }

    private static string DescribeOne(PayloadError error)
    {
        var text = FlashErrorText.Clean(error.Message);
        // Apollo marks any error of Flash's without a code of its own INTERNAL_SERVER_ERROR: it says nothing more.
        return DiagnosticCode.OrNull(error.Code) is { } code && code != "INTERNAL_SERVER_ERROR" ? $"{text} ({code})" : text;
    }
}
