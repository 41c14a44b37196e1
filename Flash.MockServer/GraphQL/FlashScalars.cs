using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Flash.MockServer.GraphQL;

/// <summary>Flash's custom scalars, with the constraints their descriptions in Flash's schema state.</summary>
internal static class FlashScalars
{
    private const long MaxSafeInteger = (1L << 53) - 1;

    public static IEnumerable<ScalarGraphType> All() =>
    [
        new ConstrainedString("WalletId", s => s.Length is > 0 and <= 64),
        new ConstrainedString("PaymentHash", IsHex32),
        new ConstrainedString("Hex32Bytes", IsHex32),
        new ConstrainedString("LnPaymentSecret", IsHex32),
        new ConstrainedString("LnPaymentRequest", s => s.Length is > 0 and <= 7089),
        new ConstrainedString("Memo", s => System.Text.Encoding.UTF8.GetByteCount(s) <= 639),
        new ConstrainedString("DisplayCurrency", s => s.Length is >= 3 and <= 8),
        new ConstrainedString("Username", s => s.Length is >= 3 and <= 50),
        new ConstrainedLong("SatAmount", v => v >= 0 && v <= MaxSafeInteger),
        new ConstrainedLong("SafeInt", v => Math.Abs(v) <= MaxSafeInteger),
        new ConstrainedLong("Timestamp", v => v >= 0),
        // Flash's Minutes accepts 0 (src/graphql/public/types/scalar/minutes.ts), which then means "the default".
        new ConstrainedLong("Minutes", v => v >= 0 && v <= 525_600),
        new CentAmount("FractionalCentAmount"),
        new CentAmount("USDCents"),
    ];

    private static bool IsHex32(string s) => s.Length == 64 && s.All(char.IsAsciiHexDigit);

    /// <summary>A string scalar that refuses values outside its rule, as input and as output.</summary>
    private sealed class ConstrainedString : StringGraphType
    {
        private readonly Func<string, bool> _isValid;

        public ConstrainedString(string name, Func<string, bool> isValid)
        {
            Name = name;
            _isValid = isValid;
        }

        public override object? ParseLiteral(GraphQLValue value) => Check(base.ParseLiteral(value));

        public override object? ParseValue(object? value) => Check(base.ParseValue(value));

        public override bool CanParseLiteral(GraphQLValue value) => value is GraphQLNullValue || (value is GraphQLStringValue s && _isValid((string)s.Value));

        public override bool CanParseValue(object? value) => value is null || (value is string s && _isValid(s));

        private object? Check(object? value) =>
            value is string s && !_isValid(s) ? throw new FormatException($"Invalid value for {Name}") : value;
    }

    private sealed class ConstrainedLong : LongGraphType
    {
        private readonly Func<long, bool> _isValid;

        public ConstrainedLong(string name, Func<long, bool> isValid)
        {
            Name = name;
            _isValid = isValid;
        }

        public override object? ParseLiteral(GraphQLValue value) => Check(base.ParseLiteral(value));

        public override object? ParseValue(object? value) => Check(base.ParseValue(value));

        public override bool CanParseLiteral(GraphQLValue value) => value is GraphQLNullValue || (base.CanParseLiteral(value) && base.ParseLiteral(value) is long l && _isValid(l));

        public override bool CanParseValue(object? value) => value is null || (base.CanParseValue(value) && base.ParseValue(value) is long l && _isValid(l));

        private object? Check(object? value) =>
            value is long l && !_isValid(l) ? throw new FormatException($"Invalid value for {Name}") : value;
    }

    /// <summary>
    /// Cents as a number that may have a fraction: Flash's USD balances and invoice amounts (FractionalCentAmount),
    /// and its fee probes' cents (USDCents, two decimals for USD wallets, whole cents for USDT ones).
    /// </summary>
    private sealed class CentAmount : DecimalGraphType
    {
        public CentAmount(string name) => Name = name;

        public override object? Serialize(object? value) => value switch
        {
            decimal d => d,
            null => null,
            _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        };
    }
}
