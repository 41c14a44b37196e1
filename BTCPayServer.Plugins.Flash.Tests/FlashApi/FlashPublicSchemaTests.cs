using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;

namespace BTCPayServer.Plugins.Flash.Tests.FlashApi;

/// <summary>The repository's copy of Flash's public schema is the upstream file its first line names, byte for byte.</summary>
public sealed partial class FlashPublicSchemaTests
{
    [Fact]
    public void The_copy_is_the_named_upstream_file_unchanged()
    {
        var bytes = File.ReadAllBytes(FlashPublicSchema.Path);
        var header = Encoding.UTF8.GetString(bytes).Split('\n')[..FlashPublicSchema.HeaderLines];
        var body = bytes.AsSpan(Encoding.UTF8.GetByteCount(string.Join('\n', header) + "\n"));

        var source = Source().Match(header[0]);
        Assert.True(source.Success, $"The first line must name the upstream file, commit and git blob: {header[0]}");
        Assert.All(header, line => Assert.StartsWith("# ", line, StringComparison.Ordinal));
        Assert.Equal(source.Groups["blob"].Value, GitBlobId(body));
    }

    /// <summary>What git names a file's content: SHA-1 of "blob {length}\0" and the bytes.</summary>
    private static string GitBlobId(ReadOnlySpan<byte> content)
    {
        var prefix = Encoding.ASCII.GetBytes($"blob {content.Length}\0");
        return Convert.ToHexStringLower(SHA1.HashData([.. prefix, .. content]));
    }

    [GeneratedRegex(@"^# Flash's public GraphQL schema: lnflash/flash src/graphql/public/schema\.graphql at commit [0-9a-f]{40} \(\d{4}-\d{2}-\d{2}\), git blob (?<blob>[0-9a-f]{40}),",
        RegexOptions.CultureInvariant)]
    private static partial Regex Source();
}
