using System.Text.Json.Nodes;
using GraphQL;

namespace Flash.MockServer.GraphQL;

/// <summary>
/// An error one of Flash's resolvers raises or returns itself (not a payload error): the field becomes null, and with
/// it the whole <c>data</c> when the field is a non-null root field. Flash's Apollo <c>formatError</c>
/// (src/servers/graphql-server.ts) reports such an error over HTTP as <c>{message, locations, path, code}</c>, the code
/// at the top level and no <c>extensions</c>; a domain error carries no code, so Apollo's INTERNAL_SERVER_ERROR is
/// what clients read. Over the WebSocket graphql-ws sends graphql-js's own shape, the code under <c>extensions</c>.
/// </summary>
internal sealed class FlashResolverError : ExecutionError
{
    public const string InternalServerError = "INTERNAL_SERVER_ERROR";

    /// <summary>What Flash's <c>lnInvoiceCreate</c> and <c>lnInvoiceCreateOnBehalfOfRecipient</c> answer (a NotImplementedError).</summary>
    public const string BtcWalletsUnsupported = "Flash does not support BTC wallets.";

    /// <summary>What Flash's <c>lnInvoiceFeeProbe</c> answers: a NotImplementedError named after the mutation.</summary>
    public const string BtcFeeProbeUnsupported = "LnInvoiceFeeProbeMutation";

    /// <summary>What Flash's <c>myUpdates</c> answers a socket without a user session (an AuthenticationError).</summary>
    public const string SubscriptionNeedsSession = "Not Authenticated for subscription";

    public FlashResolverError(string message, string code)
        : base(message)
    {
        Code = code;
    }

    /// <summary>Whether a result holds an error that must be written in Flash's shape rather than GraphQL.NET's.</summary>
    public static bool AnyIn(ExecutionResult result) => result.Errors?.Any(e => e is FlashResolverError) == true;

    /// <summary>
    /// Rewrites, in a serialised result, each error that is a <see cref="FlashResolverError"/> into the shape Flash
    /// sends on <paramref name="channel"/>, keeping its message, locations and path.
    /// </summary>
    public static void Reshape(JsonObject serialised, ExecutionResult result, RequestChannel channel)
    {
        if (serialised["errors"] is not JsonArray written || result.Errors is not { } errors)
            return;
        for (var i = 0; i < errors.Count && i < written.Count; i++)
        {
            if (errors[i] is not FlashResolverError error || written[i] is not JsonObject original)
                continue;
            var shaped = new JsonObject { ["message"] = error.Message };
            foreach (var key in new[] { "locations", "path" })
            {
                if (original[key] is { } value)
                    shaped[key] = value.DeepClone();
            }
            if (channel == RequestChannel.Http)
                shaped["code"] = error.Code;
            else
                shaped["extensions"] = new JsonObject { ["code"] = error.Code };
            written[i] = shaped;
        }
    }
}
