using System.ComponentModel.DataAnnotations;
using BTCPayServer.Plugins.Flash.Auth;

namespace BTCPayServer.Plugins.Flash.Models;

/// <summary>The connect form. The session token is bound from the POST only: no view ever writes it back.</summary>
public sealed class ConnectForm
{
    [Required(ErrorMessage = "Enter the address of Flash's GraphQL API")]
    [Display(Name = "Flash server")]
    public string Server { get; set; } = "";

    [Required(ErrorMessage = "Paste the session token of your Flash sign-in")]
    [DataType(DataType.Password)]
    [Display(Name = "Session token")]
    public string? SessionToken { get; set; }

    [Required(ErrorMessage = "Give the token a name")]
    [StringLength(50, MinimumLength = 3, ErrorMessage = "A token name has 3 to 50 characters")]
    [Display(Name = "Token name")]
    public string TokenName { get; set; } = "";

    [Display(Name = "Expires")]
    public TokenLifetime Lifetime { get; set; } = TokenLifetime.OneYear;

    [Display(Name = "Receive in")]
    public ReceiveIn ReceiveIn { get; set; }

    [Range(ApiTokenRequest.MinRateLimitPerMinute, ApiTokenRequest.MaxRateLimitPerMinute, ErrorMessage = ApiTokenRequest.RateLimitOutOfRange)]
    [Display(Name = "Rate limit (requests a minute)")]
    public int RateLimitPerMinute { get; set; } = ApiTokenRequest.DefaultRateLimitPerMinute;
}
