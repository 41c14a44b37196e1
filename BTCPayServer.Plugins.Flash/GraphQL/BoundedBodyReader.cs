namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>Reads a response body into memory, but never more than a limit: a hostile or broken server cannot exhaust memory.</summary>
internal static class BoundedBodyReader
{
    private const int InitialBufferBytes = 16 * 1024;

    /// <summary>The body, or null when it is (or declares itself) longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellation)
    {
        var declared = content.Headers.ContentLength;
        if (declared > maxBytes)
            return null;

        // One byte of headroom past the limit tells "exactly the limit" from "more than the limit".
        var buffer = new byte[(int)Math.Min(declared + 1 ?? InitialBufferBytes, maxBytes + 1L)];
        var length = 0;
        var stream = await content.ReadAsStreamAsync(cancellation);
        await using (stream)
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                        return null;
                    Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, maxBytes + 1L));
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellation);
                if (read == 0)
                    return buffer.AsMemory(0, length);
                length += read;
                if (length > maxBytes)
                    return null;
            }
        }
    }
}
