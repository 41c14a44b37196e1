using System.Net.Http.Json;

namespace Flash.DevHost.Checkout;

/// <summary>
/// "Pay with the mock wallet": asks the embedded mock's control API to settle an invoice as if it had been paid over
/// Lightning. Only there with the embedded mock; a real Flash server is paid with a real wallet.
/// </summary>
public sealed class MockWallet(HttpClient http, Uri mockBaseUri)
{
    public async Task<string> PayAsync(string bolt11, CancellationToken cancellation)
    {
        using var response = await http.PostAsJsonAsync(new Uri(mockBaseUri, "_mock/invoices/pay"), new { paymentRequest = bolt11 }, cancellation);
        var outcome = await response.Content.ReadFromJsonAsync<PayOutcome>(cancellation);
        return outcome?.Result ?? $"HTTP {(int)response.StatusCode}";
    }

    private sealed record PayOutcome(string? Result);
}
