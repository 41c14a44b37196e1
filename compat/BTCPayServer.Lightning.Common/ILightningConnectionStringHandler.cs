using NBitcoin;

namespace BTCPayServer.Lightning;

public interface ILightningConnectionStringHandler
{
    ILightningClient Create(string connectionString, Network network, out string error);
}
