using System.Text;
using System.Text.RegularExpressions;

namespace BTCPayServer.Plugins.Flash.FlashApi;

/// <summary>
/// The named fragments the operation documents share (<c>FlashApi/Fragments.graphql</c>). A document that uses
/// <c>...Name</c> is sent with the definitions of exactly the fragments it uses, directly or through another fragment,
/// each once: Flash refuses a document that uses a fragment it does not define, and one that defines a fragment it
/// does not use.
/// </summary>
internal sealed partial class SharedFragments
{
    /// <summary>Where the fragments stand in the source tree, as people read it in an error.</summary>
    internal const string FileName = "Fragments.graphql";

    private readonly IReadOnlyList<Fragment> _fragments;
    private readonly Dictionary<string, Fragment> _byName;

    private SharedFragments(IReadOnlyList<Fragment> fragments)
    {
        _fragments = fragments;
        _byName = fragments.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    /// <summary>The fragments' names, in the order the file defines them.</summary>
    public IReadOnlyList<string> Names => _fragments.Select(f => f.Name).ToList();

    /// <summary>
    /// Reads a file of fragment definitions. Anything else in it, or a name defined twice, is a mistake in the
    /// plugin's own documents, so it fails loudly.
    /// </summary>
    public static SharedFragments Parse(string text)
    {
        var masked = Masked(text);
        var fragments = new List<Fragment>();
        var position = SkipIgnored(masked, 0);
        while (position < masked.Length)
        {
            var header = FragmentHeader().Match(masked, position);
            if (!header.Success)
                throw new InvalidOperationException(
                    $"{FileName} may hold only fragment definitions ('fragment Name on Type {{ ... }}'), but line {LineOf(text, position)} starts something else.");
            var name = header.Groups["name"].Value;
            var end = ClosingBrace(masked, header.Index + header.Length - 1)
                ?? throw new InvalidOperationException($"The fragment '{name}' in {FileName} has no closing brace.");
            if (fragments.Any(f => f.Name == name))
                throw new InvalidOperationException($"{FileName} defines the fragment '{name}' twice.");
            fragments.Add(new Fragment(name, text[position..(end + 1)], SpreadsIn(masked[position..(end + 1)])));
            position = SkipIgnored(masked, end + 1);
        }
        return new SharedFragments(fragments);
    }

    /// <summary>
    /// The operation's document followed by the definitions of the fragments it uses, in the order the file defines
    /// them; a document that uses none is returned as it is.
    /// </summary>
    public string AppendUsedBy(string operationName, string document)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        Use(SpreadsIn(Masked(document)), $"The GraphQL document '{operationName}'", used);
        if (used.Count == 0)
            return document;

        var complete = new StringBuilder(document.TrimEnd()).Append('\n');
        foreach (var fragment in _fragments.Where(f => used.Contains(f.Name)))
            complete.Append('\n').Append(fragment.Definition).Append('\n');
        return complete.ToString();
    }

    private void Use(IEnumerable<string> spreads, string user, HashSet<string> used)
    {
        foreach (var name in spreads)
        {
            if (!_byName.TryGetValue(name, out var fragment))
                throw new InvalidOperationException($"{user} uses the fragment '{name}', which {FileName} does not define.");
            if (used.Add(name))
                Use(fragment.Spreads, $"The fragment '{name}' in {FileName}", used);
        }
    }

    /// <summary>Names after <c>...</c>; <c>... on Type</c> (an inline fragment) names no fragment.</summary>
    private static IReadOnlyList<string> SpreadsIn(string masked) =>
        FragmentSpread().Matches(masked).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Index of the brace that closes the one at <paramref name="open"/>, or null.</summary>
    private static int? ClosingBrace(string masked, int open)
    {
        var depth = 0;
        for (var i = open; i < masked.Length; i++)
        {
            if (masked[i] == '{')
                depth++;
            else if (masked[i] == '}' && --depth == 0)
                return i;
        }
        return null;
    }

    /// <summary>White space and commas, which GraphQL ignores (comments are already masked).</summary>
    private static int SkipIgnored(string masked, int position)
    {
        while (position < masked.Length && (char.IsWhiteSpace(masked[position]) || masked[position] == ','))
            position++;
        return position;
    }

    private static int LineOf(string text, int position) => text.AsSpan(0, position).Count('\n') + 1;

    /// <summary>
    /// The text with its comments turned into spaces (same length, line breaks kept), so that a brace or "..." in a
    /// comment is not read as part of a selection. The documents pass every value as a variable, so they hold no
    /// strings in which a '#' could stand.
    /// </summary>
    private static string Masked(string text) => Comment().Replace(text, m => new string(' ', m.Length));

    [GeneratedRegex(@"\Gfragment\s+(?<name>[_A-Za-z][_0-9A-Za-z]*)\s+on\s+[_A-Za-z][_0-9A-Za-z]*\s*\{", RegexOptions.CultureInvariant)]
    private static partial Regex FragmentHeader();

    [GeneratedRegex(@"#[^\r\n]*", RegexOptions.CultureInvariant)]
    private static partial Regex Comment();

    [GeneratedRegex(@"\.\.\.\s*(?!on(?![_0-9A-Za-z]))(?<name>[_A-Za-z][_0-9A-Za-z]*)", RegexOptions.CultureInvariant)]
    private static partial Regex FragmentSpread();

    /// <param name="Definition">The definition as sent: from <c>fragment</c> to its closing brace.</param>
    /// <param name="Spreads">The fragments its selection uses.</param>
    private sealed record Fragment(string Name, string Definition, IReadOnlyList<string> Spreads);
}
