#nullable enable
using System.Text;
using NBitcoin;
using NBitcoin.Crypto;

namespace BTCPayServer.Lightning.Bolt11;

/// <summary>
/// What a BOLT 11 signature covers and how it is laid out: a compact secp256k1 ECDSA signature (R||S, then a
/// recovery id byte) over SHA-256 of the human-readable part's bytes followed by the data words before the
/// signature, packed into bytes with zero padding.
/// </summary>
internal static class Bolt11Signature
{
    public const int CompactLength = 64;

    public static uint256 MessageHash(string humanReadablePart, ReadOnlySpan<byte> dataWordsBeforeSignature)
    {
        var prefix = Encoding.UTF8.GetBytes(humanReadablePart);
        var data = Bech32Words.ToBytes(dataWordsBeforeSignature);
        var message = new byte[prefix.Length + data.Length];
        prefix.CopyTo(message, 0);
        data.CopyTo(message, prefix.Length);
        return new uint256(Hashes.SHA256(message));
    }

    public static byte[] ToWords(CompactSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var bytes = new byte[CompactLength + 1];
        signature.Signature.CopyTo(bytes, 0);
        bytes[CompactLength] = (byte)signature.RecoveryId;
        return Bech32Words.FromBytes(bytes);
    }

    /// <summary>Splits the signature words into the 64-byte R||S and the recovery id byte.</summary>
    public static (byte[] RS, byte RecoveryId) FromWords(ReadOnlySpan<byte> signatureWords)
    {
        if (signatureWords.Length != Bolt11Layout.SignatureWords)
            throw new ArgumentException($"A signature is {Bolt11Layout.SignatureWords} words.", nameof(signatureWords));
        var bytes = Bech32Words.ToBytes(signatureWords);
        return (bytes[..CompactLength], bytes[CompactLength]);
    }
}
