using BTCPayServer.Abstractions.Contracts;

namespace BTCPayServer.Plugins.Flash.Tests.Faults;

/// <summary>
/// BTCPay's settings repository whose database can be made to fail, reads and writes separately. Its failure says
/// what a database driver's error can say, a password and the value it was asked to write, so a test can check that
/// none of it reaches a page, a checkout or a log.
/// </summary>
internal sealed class FailingSettingsRepository(ISettingsRepository inner) : ISettingsRepository
{
    public const string DatabasePassword = "db-password-7f3a9c";

    public bool FailReads { get; set; }

    public bool FailWrites { get; set; }

    public Task<T?> GetSettingAsync<T>(string? name = null) where T : class =>
        FailReads ? Task.FromException<T?>(Failure(name, null)) : inner.GetSettingAsync<T>(name);

    public Task UpdateSetting<T>(T obj, string? name = null) where T : class =>
        FailWrites ? Task.FromException(Failure(name, obj)) : inner.UpdateSetting(obj, name);

    public Task<T> WaitSettingsChanged<T>(CancellationToken cancellationToken = default) where T : class => inner.WaitSettingsChanged<T>(cancellationToken);

    private static TimeoutException Failure(string? name, object? value) => new(
        $"Timeout during reading attempt (Host=postgres;Password={DatabasePassword}) for setting {name} = {Newtonsoft.Json.JsonConvert.SerializeObject(value)}");
}
