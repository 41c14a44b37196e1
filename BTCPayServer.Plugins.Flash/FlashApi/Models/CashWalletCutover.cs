using System.Text.Json.Serialization;

namespace BTCPayServer.Plugins.Flash.FlashApi.Models;

/// <summary><c>cashWalletCutover</c>: Flash's move of USD cash wallets to USDT wallets, server-wide.</summary>
internal sealed record CashWalletCutover
{
    public required CashWalletCutoverState State { get; init; }
}

/// <summary>Flash's <c>CashWalletCutoverState</c>. Stored by number with a store's connection: append only.</summary>
public enum CashWalletCutoverState
{
    [JsonStringEnumMemberName("PRE")]
    Pre,

    [JsonStringEnumMemberName("IN_PROGRESS")]
    InProgress,

    [JsonStringEnumMemberName("COMPLETE")]
    Complete,

    [JsonStringEnumMemberName("ROLLED_BACK")]
    RolledBack,
}
