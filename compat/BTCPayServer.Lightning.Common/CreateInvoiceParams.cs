using System;
using System.Security.Cryptography;
using System.Text;
using NBitcoin;

namespace BTCPayServer.Lightning;

public class CreateInvoiceParams
{
    private uint256 _descriptionHash;

    public CreateInvoiceParams(LightMoney amount, string description, TimeSpan expiry)
    {
        Amount = amount ?? throw new ArgumentNullException(nameof(amount));
        Description = description ?? throw new ArgumentNullException(nameof(description));
        Expiry = expiry;
    }

    [Obsolete("Set the Description and turn DescriptionHashOnly to true instead")]
    public CreateInvoiceParams(LightMoney amount, uint256 descriptionHash, TimeSpan expiry)
    {
        Amount = amount ?? throw new ArgumentNullException(nameof(amount));
        _descriptionHash = descriptionHash ?? throw new ArgumentNullException(nameof(descriptionHash));
        Expiry = expiry;
    }

    public LightMoney Amount { get; set; }

    public string Description { get; set; }

    /// <summary>
    /// An explicitly set hash, else SHA-256 of the UTF-8 description when <see cref="DescriptionHashOnly"/>
    /// (the LUD-06 rule for LNURL-pay), else null. Bytes are kept in hash order (not reversed).
    /// </summary>
    public uint256 DescriptionHash
    {
        get
        {
            if (_descriptionHash is not null)
                return _descriptionHash;
            if (Description is null || !DescriptionHashOnly)
                return null;
            return new uint256(SHA256.HashData(Encoding.UTF8.GetBytes(Description)), false);
        }
        [Obsolete("Set the Description and turn DescriptionHashOnly to true instead")]
        set => _descriptionHash = value;
    }

    public bool DescriptionHashOnly { get; set; }

    public TimeSpan Expiry { get; set; }

    public bool PrivateRouteHints { get; set; }
}
