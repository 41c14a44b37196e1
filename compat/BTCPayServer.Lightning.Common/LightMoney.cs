using System;
using System.Collections.Generic;
using System.Globalization;
using NBitcoin;

namespace BTCPayServer.Lightning;

/// <summary>
/// An amount in millisatoshis. Behaviour follows upstream: checked arithmetic, truncation toward zero
/// when converting from a unit, culture-invariant BTC parsing and formatting.
/// </summary>
public class LightMoney : IComparable, IComparable<LightMoney>, IEquatable<LightMoney>
{
    private const NumberStyles AmountStyle = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite
        | NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    private readonly long _milliSatoshi;

    public LightMoney(int msatoshis) : this((long)msatoshis) { }

    public LightMoney(uint msatoshis) : this((long)msatoshis) { }

    public LightMoney(Money money) : this(checked(money.Satoshi * 1000)) { }

    public LightMoney(long msatoshis)
    {
        // long.MinValue has no positive counterpart, so negation and Abs would overflow silently.
        if (msatoshis == long.MinValue)
            throw new OverflowException("The amount must be greater than long.MinValue millisatoshis");
        _milliSatoshi = msatoshis;
    }

    public LightMoney(ulong msatoshis) : this(checked((long)msatoshis)) { }

    public LightMoney(decimal amount, LightMoneyUnit unit) : this(ToMilliSatoshi(amount, unit)) { }

    public long MilliSatoshi => _milliSatoshi;

    public static LightMoney Zero { get; } = new(0L);

    public static bool TryParse(string bitcoin, out LightMoney nRet)
    {
        nRet = null;
        if (!decimal.TryParse(bitcoin, AmountStyle, CultureInfo.InvariantCulture, out var btc))
            return false;
        try
        {
            nRet = new LightMoney(btc, LightMoneyUnit.BTC);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    public static LightMoney Parse(string bitcoin) =>
        TryParse(bitcoin, out var result) ? result : throw new FormatException("Impossible to parse the string in a bitcoin amount");

    public static LightMoney FromUnit(decimal amount, LightMoneyUnit unit) => new(amount, unit);

    public static LightMoney Coins(decimal coins) => new(coins, LightMoneyUnit.BTC);

    public static LightMoney Bits(decimal bits) => new(bits, LightMoneyUnit.Bit);

    public static LightMoney Satoshis(decimal sats) => new(sats, LightMoneyUnit.Satoshi);

    public static LightMoney Satoshis(ulong sats) => new(sats, LightMoneyUnit.Satoshi);

    public static LightMoney Satoshis(long sats) => new(sats, LightMoneyUnit.Satoshi);

    public static LightMoney MilliSatoshis(long msats) => new(msats);

    public static LightMoney MilliSatoshis(ulong msats) => new(msats);

    public decimal ToUnit(LightMoneyUnit unit)
    {
        EnsureDefined(unit);
        return (decimal)_milliSatoshi / (ulong)unit;
    }

    public decimal ToDecimal(LightMoneyUnit unit) => ToUnit(unit);

    public LightMoney Abs() => _milliSatoshi < 0 ? -this : this;

    /// <summary>Splits into <paramref name="parts"/> amounts that add up exactly; the first ones take the remainder.</summary>
    public IEnumerable<LightMoney> Split(int parts)
    {
        if (parts <= 0)
            throw new ArgumentOutOfRangeException(nameof(parts), "Parts should be more than 0");
        var share = Math.DivRem(_milliSatoshi, parts, out var remainder);
        return SplitIterator(share, remainder, parts);
    }

    private static IEnumerable<LightMoney> SplitIterator(long share, long remainder, int parts)
    {
        for (var i = 0; i < parts; i++, remainder--)
            yield return MilliSatoshis(share + (remainder > 0 ? 1 : 0));
    }

    public bool Almost(LightMoney amount, LightMoney dust)
    {
        ArgumentNullException.ThrowIfNull(amount);
        ArgumentNullException.ThrowIfNull(dust);
        return (amount - this).Abs() <= dust;
    }

    public bool Almost(LightMoney amount, decimal margin)
    {
        ArgumentNullException.ThrowIfNull(amount);
        if (margin < 0m || margin > 1m)
            throw new ArgumentOutOfRangeException(nameof(margin), "margin should be between 0 and 1");
        return Almost(amount, MilliSatoshis((long)(_milliSatoshi * margin)));
    }

    public static LightMoney Min(LightMoney a, LightMoney b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a <= b ? a : b;
    }

    public static LightMoney Max(LightMoney a, LightMoney b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a >= b ? a : b;
    }

    public bool Equals(LightMoney other) => other is not null && _milliSatoshi == other._milliSatoshi;

    public override bool Equals(object obj) => obj is LightMoney other && Equals(other);

    public override int GetHashCode() => _milliSatoshi.GetHashCode();

    public int CompareTo(LightMoney other) => other is null ? 1 : _milliSatoshi.CompareTo(other._milliSatoshi);

    public int CompareTo(object obj) => obj switch
    {
        null => 1,
        LightMoney other => _milliSatoshi.CompareTo(other._milliSatoshi),
        _ => _milliSatoshi.CompareTo(obj),
    };

    /// <summary>The amount in BTC with all 11 decimals, culture invariant.</summary>
    public override string ToString() => ToString(false, false);

    /// <summary>The amount in BTC, culture invariant; trimmed to at least 2 decimals when <paramref name="trimExcessZero"/>.</summary>
    public string ToString(bool fplus, bool trimExcessZero = true)
    {
        var btc = (decimal)_milliSatoshi / (long)LightMoneyUnit.BTC;
        var format = trimExcessZero ? "0.00#########" : "0.00000000000";
        var text = btc.ToString(format, CultureInfo.InvariantCulture);
        return fplus && btc > 0 ? "+" + text : text;
    }

    public static LightMoney operator -(LightMoney left, LightMoney right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new LightMoney(checked(left._milliSatoshi - right._milliSatoshi));
    }

    public static LightMoney operator -(LightMoney left)
    {
        ArgumentNullException.ThrowIfNull(left);
        return new LightMoney(checked(-left._milliSatoshi));
    }

    public static LightMoney operator +(LightMoney left, LightMoney right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new LightMoney(checked(left._milliSatoshi + right._milliSatoshi));
    }

    public static LightMoney operator *(int left, LightMoney right) => Multiply(right, left);

    public static LightMoney operator *(LightMoney right, int left) => Multiply(right, left);

    public static LightMoney operator *(long left, LightMoney right) => Multiply(right, left);

    public static LightMoney operator *(LightMoney right, long left) => Multiply(right, left);

    public static LightMoney operator /(LightMoney left, long right)
    {
        ArgumentNullException.ThrowIfNull(left);
        return new LightMoney(checked(left._milliSatoshi / right));
    }

    public static bool operator <(LightMoney left, LightMoney right) => Compare(left, right) < 0;

    public static bool operator >(LightMoney left, LightMoney right) => Compare(left, right) > 0;

    public static bool operator <=(LightMoney left, LightMoney right) => Compare(left, right) <= 0;

    public static bool operator >=(LightMoney left, LightMoney right) => Compare(left, right) >= 0;

    public static bool operator ==(LightMoney a, LightMoney b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a._milliSatoshi == b._milliSatoshi);

    public static bool operator !=(LightMoney a, LightMoney b) => !(a == b);

    public static implicit operator LightMoney(long value) => new(value);

    public static implicit operator LightMoney(int value) => new(value);

    public static implicit operator LightMoney(uint value) => new(value);

    public static implicit operator LightMoney(ulong value) => new(value);

    public static implicit operator long(LightMoney value) => value.MilliSatoshi;

    public static implicit operator ulong(LightMoney value) => checked((ulong)value.MilliSatoshi);

    public static implicit operator LightMoney(string value) => string.IsNullOrEmpty(value) ? null : Parse(value);

    private static LightMoney Multiply(LightMoney money, long factor)
    {
        ArgumentNullException.ThrowIfNull(money);
        return MilliSatoshis(checked(money._milliSatoshi * factor));
    }

    private static int Compare(LightMoney left, LightMoney right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return left._milliSatoshi.CompareTo(right._milliSatoshi);
    }

    private static long ToMilliSatoshi(decimal amount, LightMoneyUnit unit)
    {
        EnsureDefined(unit);
        // Upstream truncates toward zero and fails loudly on overflow.
        return checked((long)(amount * (ulong)unit));
    }

    private static void EnsureDefined(LightMoneyUnit unit)
    {
        if (!Enum.IsDefined(unit))
            throw new ArgumentException("Invalid value for MoneyUnit", nameof(unit));
    }
}
