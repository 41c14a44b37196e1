namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// A token name the owner typed cannot be sent to Flash. The message is a sentence for the form field; it is an
/// <see cref="ArgumentException"/> so callers that already catch that keep working.
/// </summary>
public sealed class InvalidTokenNameException : ArgumentException
{
    public const string TooShort = "A token name needs at least 3 letters or digits.";

    public const string InvisibleCharacters =
        "The token name contains invisible characters (such as direction marks, zero-width spaces or line breaks): type it again using only letters, digits, spaces, '-' and '_'.";

    public InvalidTokenNameException(string message)
        : base(message)
    {
    }

    public override string ParamName => "name";
}
