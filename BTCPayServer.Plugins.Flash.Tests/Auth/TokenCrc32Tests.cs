using System.IO.Hashing;
using System.Text;
using BTCPayServer.Plugins.Flash.Auth;

namespace BTCPayServer.Plugins.Flash.Tests.Auth;

/// <summary>The plugin's own CRC-32 is the standard one: the check value of the catalogue, and System.IO.Hashing's.</summary>
public class TokenCrc32Tests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Matches_the_published_CRC_32_values(string text, uint expected) =>
        Assert.Equal(expected, TokenCrc32.Compute(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Agrees_with_System_IO_Hashing_on_every_length_up_to_a_kilobyte()
    {
        var random = new Random(20261201);
        for (var length = 0; length <= 1024; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(Crc32.HashToUInt32(data), TokenCrc32.Compute(data));
        }
    }
}
