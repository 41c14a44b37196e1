namespace Flash.DevHost.Checkout;

/// <summary>
/// One checkout of the demo store, playing a BTCPay invoice with a lightning payment method: the amount it asks, when
/// it expires, the BOLT11 it shows now and every one it showed before (so a payment of any of them is its payment).
/// </summary>
public sealed class DemoCheckout
{
    private readonly List<string> _paymentHashes = [];

    public DemoCheckout(string id, long amountSats, string description, DateTimeOffset expiresAt)
    {
        Id = id;
        AmountSats = amountSats;
        Description = description;
        ExpiresAt = expiresAt;
    }

    public string Id { get; }

    public long AmountSats { get; }

    public string Description { get; }

    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The BOLT11 shown now.</summary>
    public string Bolt11 { get; private set; } = "";

    public IReadOnlyList<string> PaymentHashes => _paymentHashes;

    /// <summary>When the listener heard it paid; null while it is not.</summary>
    public DateTimeOffset? PaidAt { get; private set; }

    /// <summary>How many lightning prompts it has had (1 plus each renewal).</summary>
    public int Prompts => _paymentHashes.Count;

    /// <summary>BTCPay's invoice status, in the words the page shows: Unpaid (BTCPay's New), Paid or Expired.</summary>
    public DemoCheckoutStatus StatusAt(DateTimeOffset now) =>
        PaidAt is not null ? DemoCheckoutStatus.Paid : now >= ExpiresAt ? DemoCheckoutStatus.Expired : DemoCheckoutStatus.Unpaid;

    internal void Show(string bolt11, string paymentHash)
    {
        Bolt11 = bolt11;
        _paymentHashes.Add(paymentHash);
    }

    internal bool MarkPaid(DateTimeOffset at)
    {
        if (PaidAt is not null)
            return false;
        PaidAt = at;
        return true;
    }
}

public enum DemoCheckoutStatus
{
    Unpaid,
    Paid,
    Expired,
}
