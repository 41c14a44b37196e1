using BTCPayServer.Plugins.Flash.Auth;
using CsCheck;
using Flash.MockServer.Auth;
using Xunit.Abstractions;

namespace BTCPayServer.Plugins.Flash.Tests.Properties;

/// <summary>
/// The API token parser against generated input: it answers every text with a token or a <see cref="FormatException"/>,
/// agrees with the mock server's own reading of the formats, quotes no secret, and reads every well-formed token back.
/// </summary>
public sealed class FlashApiTokenProperties(ITestOutputHelper output)
{
    private static readonly Gen<string> ValidToken = Gen.OneOf(Secrets.BareApiToken, Secrets.ChecksummedApiToken, Secrets.ApiKey);

    /// <summary>What a paste puts around a token: white space the parser trims, and characters that only look like it.</summary>
    private static readonly Gen<string> Around = Gen.OneOf("", " ", "\t", "\r\n", "\u00a0", "\u2003", "\u200b", "\ufeff", "\"", "<", "token:");

    /// <summary>Arbitrary text, text that starts like a token, and damaged or padded copies of real tokens.</summary>
    private static readonly Gen<string> AnyText = Gen.Frequency(
        (2, Gen.String),
        (2, Gen.Select(Around, ValidToken, Around, (before, token, after) => before + token + after)),
        (2, Gen.String[TextMutations.Character, 0, 80]),
        (2, Gen.Select(Gen.OneOf(FlashApiToken.ApiTokenPrefix, FlashApiToken.ApiKeyPrefix), Gen.String[Gen.Char["ABCxyz019-_=+/ "], 0, 72], (prefix, rest) => prefix + rest)),
        (5, TextMutations.Of(ValidToken)),
        (1, ValidToken));

    [Fact]
    public void Every_text_is_a_token_or_a_FormatException_and_the_mock_server_agrees_which()
    {
        new PropertyRun(output, "API token parser, any text", 20_000).Check(AnyText, text =>
        {
            FlashApiToken? parsed = null;
            try
            {
                parsed = FlashApiToken.Parse(text);
            }
            catch (FormatException)
            {
            }
            var accepted = FlashApiToken.TryParse(text, out var token, out var error);

            Assert.Equal(parsed is not null, accepted);
            Assert.Equal(accepted, token is not null);
            Assert.Equal(accepted, error is null);
            var trimmed = text.Trim();
            Assert.Equal(FlashTokenFormat.IsWellFormed(trimmed) || ApiKeyFormat.TryParse(trimmed, out _, out _), accepted);
            if (token is not null)
                Assert.Equal(trimmed, token.Value);
            return token is null ? "rejected" : $"accepted ({token.Kind})";
        }, print: PropertyRun.Escape);
    }

    [Fact]
    public void No_error_and_no_token_text_shows_the_secret_it_was_given()
    {
        var embedded =
            from secret in Secrets.Any
            from before in Gen.OneOf("", " ", "\n", "Bearer ", "token: ", "\"")
            from after in Gen.OneOf("", " ", "\r\n", "=", "==", "\"", " extra", "\u00a0")
            from damaged in Gen.Frequency((3, Gen.Const(secret)), (2, TextMutations.Of(Gen.Const(secret))))
            select (Secret: secret, Text: before + damaged + after);

        new PropertyRun(output, "API token parser, secrets", 5_000).Check(embedded, input =>
        {
            if (FlashApiToken.TryParse(input.Text, out var token, out var error))
            {
                Secrets.AssertNotIn(input.Secret, token!.ToString(), "The token's ToString()");
                Secrets.AssertNotIn(input.Secret, token.ToAuthHeader().ToString(), "The auth header's ToString()");
                return "accepted";
            }
            else
            {
                Secrets.AssertNotIn(input.Secret, error, "The error");
                Secrets.AssertNotIn(input.Secret, Assert.ThrowsAny<FormatException>(() => { FlashApiToken.Parse(input.Text); }));
                return "rejected";
            }
        }, print: input => PropertyRun.Escape(input.Text));
    }

    [Fact]
    public void Every_well_formed_token_reads_back_as_itself_with_its_kind_key_id_and_header()
    {
        var generated = Gen.OneOf(
            Secrets.BareApiToken.Select(t => (Text: t, Kind: FlashApiTokenKind.ApiToken, KeyId: (string?)null)),
            Secrets.ChecksummedApiToken.Select(t => (Text: t, Kind: FlashApiTokenKind.ApiToken, KeyId: (string?)null)),
            Secrets.ApiKeyWithId.Select(k => (Text: k.Key, Kind: FlashApiTokenKind.ApiKey, KeyId: (string?)k.KeyId)));
        var pasted =
            from token in generated
            from around in Gen.OneOf("", " ", "\n", "\t", " \r\n")
            select (token.Text, token.Kind, token.KeyId, Pasted: around + token.Text + around);

        new PropertyRun(output, "API token parser, round trip", 5_000).Check(pasted, token =>
        {
            var parsed = FlashApiToken.Parse(token.Pasted);

            Assert.Equal(token.Text, parsed.Value);
            Assert.Equal(token.Kind, parsed.Kind);
            Assert.Equal(token.KeyId, parsed.KeyId);
            var header = parsed.ToAuthHeader();
            Assert.Equal(token.Kind == FlashApiTokenKind.ApiToken ? ("Authorization", "Bearer " + token.Text) : ("X-API-KEY", token.Text), (header.Name, header.Value));
            return $"read back ({token.Kind})";
        });
    }
}
