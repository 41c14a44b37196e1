using System;
using System.Threading;
using System.Threading.Tasks;

namespace BTCPayServer.Lightning;

public interface ILightningInvoiceListener : IDisposable
{
    Task<LightningInvoice> WaitInvoice(CancellationToken cancellation);
}
