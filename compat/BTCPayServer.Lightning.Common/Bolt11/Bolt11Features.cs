#nullable enable
namespace BTCPayServer.Lightning.Bolt11;

/// <summary>
/// The `9` field: a big-endian bit field over 5-bit words whose least significant bit is feature bit 0
/// (BOLT 9 numbering: even bits are compulsory, odd bits optional).
/// </summary>
internal static class Bolt11Features
{
    /// <summary>The set bits, ascending.</summary>
    public static int[] ToBitIndexes(ReadOnlySpan<byte> words)
    {
        var bits = new List<int>();
        for (var i = words.Length - 1; i >= 0; i--)
        {
            var offset = (words.Length - 1 - i) * Bech32Words.BitsPerWord;
            for (var bit = 0; bit < Bech32Words.BitsPerWord; bit++)
            {
                if ((words[i] & (1 << bit)) != 0)
                    bits.Add(offset + bit);
            }
        }
        return [.. bits];
    }

    /// <summary>The field's words in minimal length (no leading zero word); empty when no bit is set.</summary>
    public static byte[] ToWords(IEnumerable<int> bitIndexes)
    {
        ArgumentNullException.ThrowIfNull(bitIndexes);
        var bits = bitIndexes.ToArray();
        if (bits.Length == 0)
            return [];
        if (bits.Min() < 0)
            throw new ArgumentOutOfRangeException(nameof(bitIndexes), "Feature bits are numbered from 0.");
        var words = new byte[(bits.Max() / Bech32Words.BitsPerWord) + 1];
        foreach (var bit in bits)
            words[words.Length - 1 - (bit / Bech32Words.BitsPerWord)] |= (byte)(1 << (bit % Bech32Words.BitsPerWord));
        return words;
    }
}
