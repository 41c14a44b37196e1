#nullable enable
using System;
using System.ComponentModel.DataAnnotations;
using System.Threading.Tasks;
using BTCPayServer.Lightning;

namespace BTCPayServer.Payments.Lightning
{
    // BTCPayServer/Payments/Lightning/IExtendedLightningClient.cs at 03345c2: a lightning client that can check its
    // own configuration when a store saves it, and name itself and its server in BTCPay's UI.
    public interface IExtendedLightningClient : ILightningClient
    {
        Task<ValidationResult?> Validate();

        string? DisplayName { get; }

        Uri? ServerUri { get; }
    }
}
