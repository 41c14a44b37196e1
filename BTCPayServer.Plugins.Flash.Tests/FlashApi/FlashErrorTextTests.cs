using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.FlashApi.Models;

namespace BTCPayServer.Plugins.Flash.Tests.FlashApi;

/// <summary>A server's error text is shown to people, so it is cut short and anything token-like is removed.</summary>
public sealed class FlashErrorTextTests
{
    [Theory]
    [InlineData("Insufficient balance", "Insufficient balance")]
    [InlineData("Wallet not found", "Wallet not found")]
    [InlineData("token flash_Zm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC10b2tlbg rejected", "token (redacted) rejected")]
    [InlineData("key fk_0a1b2c3d_QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2 is revoked", "key (redacted) is revoked")]
    [InlineData("invoice lnbcrt10u1pexampleexampleexampleexample expired", "invoice (redacted) expired")]
    [InlineData("line one\r\nX-Injected: yes", "line one X-Injected: yes")]
    [InlineData("Flash does not support \u202Eeslaf\u202C BTC\u200B wallets.", "Flash does not support eslaf BTC wallets.")]
    [InlineData("\u0000\u0007Flash does not support BTC wallets.\t", "Flash does not support BTC wallets.")]
    [InlineData("LnInvoiceFeeProbeMutation", "LnInvoiceFeeProbeMutation")]
    [InlineData("token ZmxhcmVzZWNyZXRzZWNyZXRzZWNyZXRzZWNyZXRzZWNyZXQ rejected", "token (redacted) rejected")]
    [InlineData("token abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ rejected", "token (redacted) rejected")]
    public void Server_text_is_one_line_without_tokens(string text, string cleaned) =>
        Assert.Equal(cleaned, FlashErrorText.Clean(text));

    [Fact]
    public void Long_text_is_cut()
    {
        var cleaned = FlashErrorText.Clean(string.Join(' ', Enumerable.Repeat("word", 200)));

        Assert.Equal(FlashErrorText.MaxLength, cleaned.Length);
        Assert.EndsWith("…", cleaned, StringComparison.Ordinal);
    }

    [Fact]
    public void A_payload_error_says_what_Flash_refused_the_code_and_how_many_more()
    {
        var failure = new FlashPayloadErrorException(FlashOperations.LnInvoicePaymentSend,
            [new PayloadError { Code = "INSUFFICIENT_BALANCE", Message = "Insufficient balance" }, new PayloadError { Message = "Also this" }],
            "api.flashapp.me");

        Assert.Equal("Flash refused to pay the invoice: Insufficient balance (INSUFFICIENT_BALANCE) and 1 more error(s) (server api.flashapp.me)", failure.Message);
        Assert.Equal("Insufficient balance (INSUFFICIENT_BALANCE)", failure.Reason);
        Assert.False(failure.IsNotFound);
        Assert.True(new FlashPayloadErrorException(FlashOperations.Me, [new PayloadError { Message = "Invoice not found" }], "s").IsNotFound);
        // Another thing not found is not an unknown invoice: a watched invoice is dropped only for that.
        Assert.False(new FlashPayloadErrorException(FlashOperations.Me, [new PayloadError { Message = "Wallet not found" }], "s").IsNotFound);
    }

    [Fact]
    public void A_code_that_looks_like_a_secret_is_not_printed()
    {
        var failure = new FlashPayloadErrorException(FlashOperations.Me, [new PayloadError { Code = "flash_Zm9yLXRlc3Rz", Message = "no" }], "s");

        Assert.DoesNotContain("flash_", failure.Message, StringComparison.Ordinal);
    }
}
