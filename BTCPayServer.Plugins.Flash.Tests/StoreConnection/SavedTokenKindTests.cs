using System.Text.RegularExpressions;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.StoreConnection;
using Flash.DevHost.Hosting;

namespace BTCPayServer.Plugins.Flash.Tests.StoreConnection;

/// <summary>
/// A saved connection keeps its token's kind as a number, never as the member's name, through the dev host's settings
/// repository (Newtonsoft with default settings, as BTCPay's): the kinds can be renamed, connections saved by earlier
/// versions still read back as the kind they were saved with.
/// </summary>
public sealed partial class SavedTokenKindTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "flash-saved-kind-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task The_kinds_are_saved_as_their_numbers()
    {
        var settings = new FileSettingsRepository(_folder);
        var connection = new FlashStoreConnection
        {
            ProvisioningMethod = FlashApiTokenKind.ApiToken,
            ReplacedTokens = [new ReplacedApiToken { ProvisioningMethod = FlashApiTokenKind.ApiKey, TokenId = "old" }],
        };

        await settings.UpdateSetting(connection, "Flash.Connection.store-1");

        var saved = await File.ReadAllTextAsync(Path.Combine(_folder, "Flash.Connection.store-1.json"));
        Assert.Equal(["\"ProvisioningMethod\":0", "\"ProvisioningMethod\":1"], SavedKind().Matches(saved).Select(m => m.Value));
    }

    [Fact]
    public async Task A_connection_saved_by_an_earlier_version_reads_back_with_its_kinds()
    {
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(Path.Combine(_folder, "Flash.Connection.store-1.json"),
            """{"ProvisioningMethod":0,"TokenId":"now","ReplacedTokens":[{"ProvisioningMethod":1,"TokenId":"old"}]}""");

        var connection = await new FileSettingsRepository(_folder).GetSettingAsync<FlashStoreConnection>("Flash.Connection.store-1");

        Assert.Equal(FlashApiTokenKind.ApiToken, connection!.ProvisioningMethod);
        Assert.Equal(FlashApiTokenKind.ApiKey, Assert.Single(connection.ReplacedTokens).ProvisioningMethod);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [GeneratedRegex("\"ProvisioningMethod\":[^,}]*", RegexOptions.CultureInvariant)]
    private static partial Regex SavedKind();
}
