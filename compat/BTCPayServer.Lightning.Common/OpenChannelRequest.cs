using System;
using NBitcoin;

namespace BTCPayServer.Lightning;

public class OpenChannelRequest
{
    public NodeInfo NodeInfo { get; set; }
    public Money ChannelAmount { get; set; }
    public FeeRate FeeRate { get; set; }

    public static void AssertIsSane(OpenChannelRequest openChannelRequest)
    {
        ArgumentNullException.ThrowIfNull(openChannelRequest);
        ArgumentNullException.ThrowIfNull(openChannelRequest.ChannelAmount);
        ArgumentNullException.ThrowIfNull(openChannelRequest.NodeInfo);
    }
}
