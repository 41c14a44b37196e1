using System;
using System.Collections.Generic;

namespace BTCPayServer.Lightning;

/// <summary>
/// Splits <c>key=value;key=value</c> connection strings. Keys are trimmed and lower-cased, values trimmed;
/// a part without '=', a repeated key or a missing <c>type</c> is a <see cref="FormatException"/>.
/// Upstream also maps legacy <c>unix:</c>/<c>tcp:</c> URIs to c-lightning; no Flash string looks like that,
/// and such strings are treated as ordinary key/value text here.
/// </summary>
public static class LightningConnectionStringHelper
{
    public static Dictionary<string, string> ExtractValues(string connectionString, out string type)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var values = new Dictionary<string, string>();
        foreach (var rawPart in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var part = rawPart.Trim();
            var separator = part.IndexOf('=', StringComparison.Ordinal);
            if (separator < 0)
                throw new FormatException("The format of the connectionString should a list of key=value delimited by semicolon");
            var key = part[..separator].Trim().ToLowerInvariant();
            if (!values.TryAdd(key, part[(separator + 1)..].Trim()))
                throw new FormatException($"Duplicate key {key}");
        }
        if (!values.TryGetValue("type", out type))
            throw new FormatException("The key 'type' is mandatory");
        return values;
    }

    public static bool VerifySecureEndpoint(Uri uri, bool allowInsecure)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.Scheme == "https" || allowInsecure || uri.Host.EndsWith("onion", StringComparison.Ordinal);
    }
}
