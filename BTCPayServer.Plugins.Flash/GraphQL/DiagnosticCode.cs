using System.Text.RegularExpressions;

namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>
/// Decides whether a code a server sent (an error code, a message type) is plain enough to print in an exception
/// message. Codes are single-case identifiers (<c>NOT_AUTHORIZED</c>, <c>invalid_api_key</c>); Flash tokens and
/// API keys are long and mixed-case, so a server echoing one in a code field never gets it printed.
/// </summary>
internal static partial class DiagnosticCode
{
    public static string? OrNull(string? code) => code is not null && Plain().IsMatch(code) ? code : null;

    [GeneratedRegex("^(?:[A-Z][A-Z0-9_]{0,39}|[a-z][a-z0-9_]{0,39})$", RegexOptions.CultureInvariant)]
    private static partial Regex Plain();
}
