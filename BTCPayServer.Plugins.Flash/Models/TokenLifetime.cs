namespace BTCPayServer.Plugins.Flash.Models;

/// <summary>How long a new API token lives: a year by default, or until revoked.</summary>
public enum TokenLifetime
{
    OneYear,
    Never,
}
