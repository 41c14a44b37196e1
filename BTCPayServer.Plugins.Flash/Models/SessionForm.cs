using System.ComponentModel.DataAnnotations;

namespace BTCPayServer.Plugins.Flash.Models;

/// <summary>
/// Actions that manage tokens (list, revoke, rotate): Flash allows them only with the owner's session, which is
/// asked for each time and never kept. <see cref="Server"/> is used when the store has no connection yet.
/// </summary>
public sealed class SessionForm
{
    [DataType(DataType.Password)]
    [Display(Name = "Session token")]
    public string? SessionToken { get; set; }

    public string? Server { get; set; }

    /// <summary>The token to revoke, as <c>{kind}:{id}</c> (the button's value).</summary>
    public string? Token { get; set; }
}
