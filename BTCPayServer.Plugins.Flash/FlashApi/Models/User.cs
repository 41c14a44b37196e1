namespace BTCPayServer.Plugins.Flash.FlashApi.Models;

/// <summary>What <c>me</c> answers: the calling user and their default account.</summary>
public sealed record User
{
    public required string Id { get; init; }

    /// <summary>Null for an account without one.</summary>
    public string? Username { get; init; }

    public required Account DefaultAccount { get; init; }
}

/// <summary>A Flash account: its wallets and which of them receives by default.</summary>
public sealed record Account
{
    public required string Id { get; init; }

    public required string DefaultWalletId { get; init; }

    public required IReadOnlyList<Wallet> Wallets { get; init; }
}
