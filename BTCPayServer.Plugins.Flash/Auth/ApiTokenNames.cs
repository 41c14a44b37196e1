using System.Globalization;
using System.Text;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// Characters a token name must not carry onto a page: controls, line and paragraph separators, format characters
/// (bidirectional embeddings, overrides and isolates U+202A..U+202E and U+2066..U+2069, the marks U+200E/U+200F,
/// zero-width characters U+200B..U+200D, the byte order mark, soft hyphens), the other default-ignorable code points
/// that render as nothing, and broken UTF-16. Such a character can reorder or hide the text around it, so a name
/// that holds one can look like another. Flash's own rule (3 to 50 of <c>[a-zA-Z0-9-_ ]</c>) never allows them.
/// </summary>
public static class ApiTokenNames
{
    /// <summary>What takes an invisible character's place when a name is shown, so the owner sees something was there.</summary>
    public const char Replacement = '\uFFFD';

    public static bool HasInvisibleCharacters(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var i = 0; i < name.Length;)
        {
            i += Next(name, i, out var invisible);
            if (invisible)
                return true;
        }
        return false;
    }

    /// <summary>
    /// A name as the settings page may show it: every invisible character replaced with <see cref="Replacement"/>
    /// (one for each), the rest as it came. Names from Flash pass through here before anyone sees them.
    /// </summary>
    public static string ForDisplay(string name) => ReplaceInvisible(name, Replacement);

    /// <summary>Any text (a server's error message, say) with each invisible character replaced by <paramref name="replacement"/>.</summary>
    public static string ReplaceInvisible(string text, char replacement)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!HasInvisibleCharacters(text))
            return text;
        var shown = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length;)
        {
            var length = Next(text, i, out var invisible);
            if (invisible)
                shown.Append(replacement);
            else
                shown.Append(text, i, length);
            i += length;
        }
        return shown.ToString();
    }

    /// <summary>The length of the character at <paramref name="index"/> (1, or 2 for a surrogate pair) and whether it is invisible.</summary>
    private static int Next(string text, int index, out bool invisible)
    {
        if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var length) != System.Buffers.OperationStatus.Done)
        {
            invisible = true;
            return Math.Max(length, 1);
        }
        invisible = IsInvisible(rune);
        return length;
    }

    private static bool IsInvisible(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        || IsBlankDefaultIgnorable(rune.Value);

    /// <summary>Default-ignorable code points outside the format category: fillers and variation selectors.</summary>
    private static bool IsBlankDefaultIgnorable(int value) => value is 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5
        or (>= 0x180B and <= 0x180F) or 0x3164 or (>= 0xFE00 and <= 0xFE0F) or 0xFFA0 or (>= 0xE0100 and <= 0xE01EF);
}
