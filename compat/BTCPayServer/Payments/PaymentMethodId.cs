#nullable enable
namespace BTCPayServer.Payments
{
    // BTCPayServer/Payments/PaymentMethodId.cs at 03345c2: a payment method of a currency, such as "BTC-LN".
    public class PaymentMethodId
    {
        private readonly string _id;

        public PaymentMethodId(string id)
        {
            System.ArgumentNullException.ThrowIfNull(id);
            _id = id;
        }

        public override string ToString() => _id;

        public override bool Equals(object? obj) => obj is PaymentMethodId other && other._id == _id;

        public override int GetHashCode() => _id.GetHashCode(System.StringComparison.Ordinal);
    }
}
