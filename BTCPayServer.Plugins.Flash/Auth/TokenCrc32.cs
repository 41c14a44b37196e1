namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// CRC-32 as zlib, PNG and System.IO.Hashing compute it (IEEE 802.3: reflected polynomial 0xEDB88320, initial and final
/// value 0xFFFFFFFF), for the checksum of <c>flash_</c> tokens. The plugin computes it itself rather than through
/// System.IO.Hashing: BTCPay Server ships that package (6.0.0, through its Azure storage provider) and plugins bind to
/// the host's copy by name whatever version they were built against, so a call added after 6.0.0 would fail only
/// inside BTCPay.
/// </summary>
internal static class TokenCrc32
{
    private const uint ReflectedPolynomial = 0xEDB88320;

    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < table.Length; n++)
        {
            var c = n;
            for (var bit = 0; bit < 8; bit++)
                c = (c & 1) != 0 ? ReflectedPolynomial ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
