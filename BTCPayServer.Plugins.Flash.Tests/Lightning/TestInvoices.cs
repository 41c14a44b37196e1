using System.Security.Cryptography;
using Flash.MockServer.Lightning;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.Lightning;

/// <summary>Real signed BOLT 11 invoices for tests, written by the mock's writer with a random hash and secret.</summary>
internal static class TestInvoices
{
    /// <param name="milliSatoshi">Null for an invoice without an amount.</param>
    /// <param name="node">The signing node; a fresh key, i.e. some other node, when not given.</param>
    /// <param name="descriptionHash">Written as the `h` field instead of a description.</param>
    public static string Write(long? milliSatoshi = 1000, Network? network = null, Key? node = null, DateTimeOffset? timestamp = null,
        byte[]? paymentHash = null, byte[]? descriptionHash = null, int expirySeconds = 600) =>
        Bolt11InvoiceWriter.Write(new Bolt11InvoiceRequest
        {
            Network = network ?? Network.RegTest,
            AmountMilliSatoshi = milliSatoshi,
            Timestamp = timestamp ?? DateTimeOffset.UtcNow,
            PaymentHash = paymentHash ?? RandomNumberGenerator.GetBytes(32),
            PaymentSecret = RandomNumberGenerator.GetBytes(32),
            Description = descriptionHash is null ? "test invoice" : null,
            DescriptionHash = descriptionHash,
            ExpirySeconds = expirySeconds,
            NodeKey = node ?? new Key(),
        });
}
