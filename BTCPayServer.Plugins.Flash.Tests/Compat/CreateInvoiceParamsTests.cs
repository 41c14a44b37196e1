using System.Security.Cryptography;
using System.Text;
using BTCPayServer.Lightning;

namespace BTCPayServer.Plugins.Flash.Tests.Compat;

public class CreateInvoiceParamsTests
{
    private const string LnurlMetadata = "[[\"text/plain\",\"Pay to demo\"],[\"text/identifier\",\"demo@example.com\"]]";

    [Fact]
    public void Description_hash_is_the_sha256_of_the_description_when_hash_only()
    {
        var request = new CreateInvoiceParams(LightMoney.Satoshis(1000L), LnurlMetadata, TimeSpan.FromMinutes(5)) { DescriptionHashOnly = true };

        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(LnurlMetadata)));
        // uint256 prints bytes reversed; ToBytes(false) gives them in hash order.
        Assert.Equal(expected, Convert.ToHexStringLower(request.DescriptionHash.ToBytes(false)));
    }

    [Fact]
    public void Description_hash_is_null_unless_asked_for()
    {
        var request = new CreateInvoiceParams(LightMoney.Satoshis(1000L), "coffee", TimeSpan.FromMinutes(5));
        Assert.Null(request.DescriptionHash);
    }

    [Fact]
    public void Amount_and_description_are_required()
    {
        Assert.Throws<ArgumentNullException>(() => new CreateInvoiceParams(null!, "x", TimeSpan.Zero));
        Assert.Throws<ArgumentNullException>(() => new CreateInvoiceParams(LightMoney.Zero, (string)null!, TimeSpan.Zero));
    }
}
