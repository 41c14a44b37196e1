namespace BTCPayServer.Lightning;

public class OpenChannelResponse
{
    public OpenChannelResponse(OpenChannelResult result) => Result = result;

    public OpenChannelResult Result { get; set; }
}
