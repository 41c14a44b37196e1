using System.Text;
using BTCPayServer.Plugins.Flash.Lightning;

namespace BTCPayServer.Plugins.Flash.Tests.Lightning;

/// <summary>BTCPay's expiry and description in Flash's terms.</summary>
public sealed class FlashInvoiceTermsTests
{
    [Theory]
    [InlineData(-60, 1)]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(60, 1)]
    [InlineData(61, 2)]
    [InlineData(900, 15)]
    [InlineData(86_400, 1440)]
    public void Expiry_rounds_up_to_whole_minutes_and_at_least_one(int seconds, long minutes) =>
        Assert.Equal(minutes, FlashInvoiceTerms.ExpiresInMinutes(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Expiry_is_capped_at_what_Flash_accepts() =>
        Assert.Equal(FlashInvoiceTerms.MaxExpiresInMinutes, FlashInvoiceTerms.ExpiresInMinutes(TimeSpan.FromDays(3650)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_description_is_no_memo(string? description) => Assert.Null(FlashInvoiceTerms.Memo(description));

    [Fact]
    public void A_short_description_is_the_memo() => Assert.Equal("Order 42", FlashInvoiceTerms.Memo("Order 42"));

    [Fact]
    public void A_long_description_is_cut_to_639_bytes_without_splitting_a_character()
    {
        // 638 ASCII bytes, then a 4-byte emoji that does not fit.
        var description = new string('a', 638) + "\U0001F600" + "tail";

        var memo = FlashInvoiceTerms.Memo(description)!;

        Assert.Equal(new string('a', 638), memo);
        Assert.True(Encoding.UTF8.GetByteCount(memo) <= FlashInvoiceTerms.MaxMemoBytes);
    }
}
