using System.Text;
using CsCheck;

namespace BTCPayServer.Plugins.Flash.Tests.Properties;

/// <summary>
/// Damaged copies of valid texts, as pastes go wrong: characters changed, cut off at either end, text added before,
/// inside or after, a piece doubled; one to four edits. Inserted characters favour the ones parsers split on.
/// </summary>
internal static class TextMutations
{
    /// <summary>Separators and look-alikes of the formats here, white space, and characters outside ASCII.</summary>
    public static readonly Gen<char> Character = Gen.Frequency(
        (4, Gen.Char['\u0020', '\u007e']),
        (3, Gen.Char[";=:/_-.1qpzry9x8gf2tvdw0s3jn54khce6mua7l{}[]\",\\ \t\r\n"]),
        (1, Gen.Char['\u0000', '\u001f']),
        (1, Gen.Char['\u0080', '\uffff']));

    private static readonly Gen<string> Insertion = Gen.String[Character, 1, 8];

    public static Gen<string> Of(Gen<string> valid) =>
        from text in valid
        from edits in Edit.Array[1, 4]
        select Apply(text, edits);

    /// <summary>One edit: the kind, a position and a length as fractions of the text, and any text to insert.</summary>
    private static readonly Gen<(int Kind, double Position, double Length, string Text)> Edit =
        Gen.Select(Gen.Int[0, 5], Gen.Double.Unit, Gen.Double.Unit, Insertion);

    private static string Apply(string text, (int Kind, double Position, double Length, string Text)[] edits)
    {
        var result = new StringBuilder(text);
        foreach (var (kind, position, length, insertion) in edits)
        {
            var at = (int)(position * result.Length);
            var span = Math.Min(result.Length - at, 1 + (int)(length * Math.Min(8, result.Length)));
            switch (kind)
            {
                case 0 when result.Length > 0 && at < result.Length:
                    result[at] = insertion[0];
                    break;
                case 1:
                    result.Insert(at, insertion);
                    break;
                case 2 when span > 0:
                    result.Remove(at, span);
                    break;
                case 3:
                    result.Length = at;
                    break;
                case 4:
                    result.Remove(0, at);
                    break;
                case 5 when span > 0:
                    result.Insert(at, result.ToString(at, span));
                    break;
                default:
                    result.Append(insertion);
                    break;
            }
        }
        return result.ToString();
    }
}
