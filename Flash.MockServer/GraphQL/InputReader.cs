using System.Globalization;

namespace Flash.MockServer.GraphQL;

/// <summary>Typed reads of an input object as GraphQL.NET hands it to SDL-first resolvers (a dictionary).</summary>
internal sealed class InputReader(IDictionary<string, object?> values)
{
    public string? String(string name) => values.TryGetValue(name, out var v) ? v as string : null;

    public string RequiredString(string name) => String(name) ?? throw new ArgumentException($"'{name}' is required", name);

    public long? Long(string name) => values.TryGetValue(name, out var v) && v is not null ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : null;

    public int? Int(string name) => values.TryGetValue(name, out var v) && v is not null ? Convert.ToInt32(v, CultureInfo.InvariantCulture) : null;

    public decimal? Decimal(string name) => values.TryGetValue(name, out var v) && v is not null ? Convert.ToDecimal(v, CultureInfo.InvariantCulture) : null;

    public IReadOnlyList<string>? Strings(string name) =>
        values.TryGetValue(name, out var v) && v is IEnumerable<object?> list ? list.Select(o => Convert.ToString(o, CultureInfo.InvariantCulture)!).ToList() : null;
}
