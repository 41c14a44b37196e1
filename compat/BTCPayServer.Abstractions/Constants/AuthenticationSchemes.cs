namespace BTCPayServer.Abstractions.Constants;

public class AuthenticationSchemes
{
    public const string Cookie = "Identity.Application";
}
