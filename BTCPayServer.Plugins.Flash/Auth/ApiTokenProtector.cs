using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// Encrypts API tokens with BTCPay's DataProtection key ring under the plugin's own versioned purpose, so what
/// BTCPay stores is useless without the server's keys. A lost key ring is a reconnect, never a crash.
/// </summary>
public sealed class ApiTokenProtector
{
    public const string Purpose = "BTCPayServer.Plugins.Flash.ApiToken.v1";

    private readonly IDataProtector _protector;

    public ApiTokenProtector(IDataProtectionProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _protector = provider.CreateProtector(Purpose);
    }

    /// <summary>A base64url blob (no ';' or '=', so it fits in a connection string).</summary>
    public string Protect(FlashApiToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return _protector.Protect(token.Value);
    }

    /// <exception cref="FlashReconnectRequiredException">The blob cannot be decrypted or does not hold a Flash token.</exception>
    public FlashApiToken Unprotect(string protectedToken, string server)
    {
        string plaintext;
        try
        {
            plaintext = _protector.Unprotect(protectedToken);
        }
        catch (CryptographicException e)
        {
            // Not the inner exception: its message can name key ids, which are of no use to a store owner.
            throw new FlashReconnectRequiredException(ReconnectReason.KeyRingChanged, server, innerException: new CryptographicException(e.GetType().Name));
        }
        catch (FormatException)
        {
            throw new FlashReconnectRequiredException(ReconnectReason.TokenUnreadable, server);
        }
        return FlashApiToken.TryParse(plaintext, out var token, out _)
            ? token!
            : throw new FlashReconnectRequiredException(ReconnectReason.TokenUnreadable, server);
    }
}
