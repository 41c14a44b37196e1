using System.Globalization;
using Flash.MockServer.Auth;
using Flash.MockServer.Hosting;
using Flash.MockServer.Storage;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Utilities;

namespace Flash.MockServer.GraphQL;

/// <summary>Token management in both services: the API key service's <c>apiKey*</c> and the API token service's <c>apiToken*</c>.</summary>
internal sealed class CredentialResolvers(MockServices services)
{
    private const string NotFound = "No active credential with that id";

    public void RegisterApiKeys(SchemaBuilder builder)
    {
        var query = builder.Types.For("Query");
        var mutation = builder.Types.For("Mutation");
        query.FieldFor("apiKeys").Resolver = new FuncFieldResolver<IEnumerable<ApiKeyView>>(async ctx =>
            (await services.Credentials.ListAsync(ctx.AccountId(), CredentialKind.ApiKey, ctx.CancellationToken)).Select(ToApiKeyView));
        mutation.FieldFor("apiKeyCreate").Resolver = new FuncFieldResolver<ApiKeyPayload>(async ctx =>
        {
            var creation = await services.Credentials.CreateAsync(CredentialKind.ApiKey, ctx.AccountId(), ReadRequest(ctx.Input(), defaultScope: Scopes.ReadUser), ctx.Request().RemoteIp, ctx.CancellationToken);
            return new ApiKeyPayload(creation.Credential is { } c ? ToApiKeyCreated(c, creation.Plaintext!) : null, Errors(creation));
        });
        mutation.FieldFor("apiKeyRevoke").Resolver = new FuncFieldResolver<ApiKeyPayload>(async ctx =>
        {
            var revoked = await services.Credentials.RevokeAsync(ctx.AccountId(), CredentialKind.ApiKey, ctx.Input().RequiredString("id"), ctx.Request().RemoteIp, ctx.CancellationToken);
            return new ApiKeyPayload(revoked is null ? null : ToApiKeyView(revoked), revoked is null ? ResolverContext.Error(NotFound, "NOT_FOUND") : ResolverContext.NoErrors);
        });
        mutation.FieldFor("apiKeyRotate").Resolver = new FuncFieldResolver<ApiKeyPayload>(async ctx =>
        {
            var creation = await services.Credentials.RotateAsync(ctx.AccountId(), CredentialKind.ApiKey, ctx.Input().RequiredString("id"), ctx.Request().RemoteIp, ctx.CancellationToken);
            return new ApiKeyPayload(creation.Credential is { } c ? ToApiKeyCreated(c, creation.Plaintext!) : null, Errors(creation));
        });
    }

    public void RegisterApiTokens(SchemaBuilder builder)
    {
        var query = builder.Types.For("Query");
        var mutation = builder.Types.For("Mutation");
        query.FieldFor("apiTokens").Resolver = new FuncFieldResolver<IEnumerable<ApiTokenView>>(async ctx =>
            (await services.Credentials.ListAsync(ctx.AccountId(), CredentialKind.Token, ctx.CancellationToken)).Select(ToApiTokenView));
        mutation.FieldFor("apiTokenCreate").Resolver = new FuncFieldResolver<ApiTokenPayload>(async ctx =>
        {
            var creation = await services.Credentials.CreateAsync(CredentialKind.Token, ctx.AccountId(), ReadRequest(ctx.Input(), defaultScope: Scopes.Read), ctx.Request().RemoteIp, ctx.CancellationToken);
            return new ApiTokenPayload(creation.Credential is { } c ? ToApiTokenCreated(c, creation.Plaintext!) : null, Errors(creation));
        });
        mutation.FieldFor("apiTokenRevoke").Resolver = new FuncFieldResolver<ApiTokenPayload>(async ctx =>
        {
            var revoked = await services.Credentials.RevokeAsync(ctx.AccountId(), CredentialKind.Token, ctx.Input().RequiredString("id"), ctx.Request().RemoteIp, ctx.CancellationToken);
            return new ApiTokenPayload(revoked is null ? null : ToApiTokenView(revoked), revoked is null ? ResolverContext.Error(NotFound, "NOT_FOUND") : ResolverContext.NoErrors);
        });
        mutation.FieldFor("apiTokenRotate").Resolver = new FuncFieldResolver<ApiTokenPayload>(async ctx =>
        {
            var creation = await services.Credentials.RotateAsync(ctx.AccountId(), CredentialKind.Token, ctx.Input().RequiredString("id"), ctx.Request().RemoteIp, ctx.CancellationToken);
            return new ApiTokenPayload(creation.Credential is { } c ? ToApiTokenCreated(c, creation.Plaintext!) : null, Errors(creation));
        });
    }

    private static CredentialRequest ReadRequest(InputReader input, string defaultScope) => new(
        input.RequiredString("name"),
        input.Strings("scopes") ?? [defaultScope],
        input.Long("expiresIn"),
        input.Int("rateLimitPerMinute"),
        input.Strings("allowedIps"));

    private static IReadOnlyList<ApplicationError> Errors(CredentialCreation creation) =>
        creation.ErrorCode is null ? ResolverContext.NoErrors : ResolverContext.Error(creation.ErrorMessage!, creation.ErrorCode);

    private ApiKeyView ToApiKeyView(Credential c) => new(
        c.Id, c.Lookup, c.Name, c.Scopes, c.CreatedAt.ToUnixTimeSeconds(), c.ExpiresAt?.ToUnixTimeSeconds(), c.LastUsedAt?.ToUnixTimeSeconds(),
        c.RateLimitPerMinute, StatusName(c));

    private static ApiKeyCreatedView ToApiKeyCreated(Credential c, string plaintext) => new(
        c.Id, c.Lookup, c.Name, plaintext, c.Scopes, c.ExpiresAt?.ToUnixTimeSeconds(), c.RateLimitPerMinute, CredentialCreation.Warning);

    private ApiTokenView ToApiTokenView(Credential c) => new(
        c.Id, c.Name, c.Scopes, c.CreatedAt.ToUnixTimeSeconds(), c.ExpiresAt?.ToUnixTimeSeconds(), c.LastUsedAt?.ToUnixTimeSeconds(),
        StatusName(c), c.RateLimitPerMinute, c.AllowedIps, c.RequestCount);

    private static ApiTokenCreatedView ToApiTokenCreated(Credential c, string plaintext) => new(
        c.Id, c.Name, plaintext, c.Scopes, c.ExpiresAt?.ToString("O", CultureInfo.InvariantCulture), CredentialCreation.Warning, c.RateLimitPerMinute, c.AllowedIps);

    private string StatusName(Credential c) => c.StatusAt(services.Clock.GetUtcNow()).ToString().ToUpperInvariant();
}
