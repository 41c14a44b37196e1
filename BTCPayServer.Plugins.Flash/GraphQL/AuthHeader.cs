namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>
/// One credential header for a request: <c>Authorization: Bearer flash_...</c> or <c>X-API-KEY: fk_...</c>.
/// <see cref="ToString"/> hides the value so a logged or interpolated header never shows the secret.
/// </summary>
public readonly record struct AuthHeader
{
    public const string AuthorizationHeaderName = "Authorization";
    public const string ApiKeyHeaderName = "X-API-KEY";

    public AuthHeader(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        // A line break would let a value smuggle extra headers; say so without quoting the value.
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            throw new ArgumentException("A header value must not contain a line break.", nameof(value));
        Name = name;
        Value = value;
    }

    public string Name { get; }

    public string Value { get; }

    /// <summary><c>Authorization: Bearer {token}</c> (Flash <c>flash_</c> tokens, Kratos session tokens).</summary>
    public static AuthHeader Bearer(string token) => new(AuthorizationHeaderName, "Bearer " + token);

    /// <summary><c>X-API-KEY: {key}</c> (Flash <c>fk_</c> API keys).</summary>
    public static AuthHeader ApiKey(string key) => new(ApiKeyHeaderName, key);

    public override string ToString() => $"{Name}: (redacted)";
}
