#nullable enable
using NBitcoin.DataEncoders;

namespace BTCPayServer.Lightning.Bolt11;

/// <summary>
/// The 5-bit words a BOLT 11 data part is made of: big-endian packing to and from bytes and integers, and
/// bech32 framing. Shared by the plugin's decoder and the mock server's encoder (linked into Flash.MockServer).
/// </summary>
internal static class Bech32Words
{
    public const int BitsPerWord = 5;

    /// <summary>Packs bytes into words, padding the last word with zero bits.</summary>
    public static byte[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        var words = new byte[((bytes.Length * 8) + BitsPerWord - 1) / BitsPerWord];
        int accumulator = 0, pending = 0, index = 0;
        foreach (var value in bytes)
        {
            accumulator = (accumulator << 8) | value;
            pending += 8;
            while (pending >= BitsPerWord)
            {
                pending -= BitsPerWord;
                words[index++] = (byte)((accumulator >> pending) & 0x1f);
            }
            accumulator &= (1 << pending) - 1;
        }
        if (pending > 0)
            words[index] = (byte)((accumulator << (BitsPerWord - pending)) & 0x1f);
        return words;
    }

    /// <summary>
    /// Unpacks words into bytes. A trailing partial byte is completed with zero bits, as BOLT 11 asks both for
    /// field data (52 words give the 32 bytes of a hash plus a padding byte) and for the signed message.
    /// </summary>
    public static byte[] ToBytes(ReadOnlySpan<byte> words)
    {
        var bytes = new byte[((words.Length * BitsPerWord) + 7) / 8];
        int accumulator = 0, pending = 0, index = 0;
        foreach (var word in words)
        {
            accumulator = (accumulator << BitsPerWord) | (word & 0x1f);
            pending += BitsPerWord;
            if (pending >= 8)
            {
                pending -= 8;
                bytes[index++] = (byte)(accumulator >> pending);
            }
            accumulator &= (1 << pending) - 1;
        }
        if (pending > 0)
            bytes[index] = (byte)(accumulator << (8 - pending));
        return bytes;
    }

    /// <summary>Reads words as one big-endian number; at most 12 words (60 bits) fit.</summary>
    public static ulong ToUInt64(ReadOnlySpan<byte> words)
    {
        if (words.Length > 12)
            throw new ArgumentOutOfRangeException(nameof(words), words.Length, "At most 12 words fit in 64 bits.");
        ulong value = 0;
        foreach (var word in words)
            value = (value << BitsPerWord) | (uint)(word & 0x1f);
        return value;
    }

    /// <summary>Writes a number as exactly <paramref name="wordCount"/> big-endian words.</summary>
    public static byte[] FromUInt64(ulong value, int wordCount)
    {
        if (wordCount < 13 && value >> (wordCount * BitsPerWord) != 0)
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Does not fit in {wordCount} words.");
        var words = new byte[wordCount];
        for (var i = wordCount - 1; i >= 0; i--, value >>= BitsPerWord)
            words[i] = (byte)(value & 0x1f);
        return words;
    }

    /// <summary>Writes a number in as few words as possible (none for zero), as BOLT 11 asks for `x` and `c`.</summary>
    public static byte[] FromUInt64Minimal(ulong value)
    {
        var wordCount = 0;
        for (var rest = value; rest != 0; rest >>= BitsPerWord)
            wordCount++;
        return FromUInt64(value, wordCount);
    }

    /// <summary>
    /// Bech32 (BIP 173, constant 1) string of <paramref name="humanReadablePart"/> and the words, lower case.
    /// BOLT 11 lifts BIP 173's 90-character limit, so none is applied.
    /// </summary>
    public static string Encode(string humanReadablePart, ReadOnlySpan<byte> words)
    {
        var encoder = Encoders.Bech32(humanReadablePart);
        encoder.StrictLength = false;
        return encoder.EncodeRaw(words, Bech32EncodingType.BECH32);
    }
}
