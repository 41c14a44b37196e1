using System.Text.Json.Nodes;
using CsCheck;

namespace BTCPayServer.Plugins.Flash.Tests.Properties;

/// <summary>
/// Generated JSON: any value, and the shapes of GraphQL results (<c>data</c>, <c>errors</c> with messages, codes,
/// extensions, paths and locations) with every member sometimes missing or of the wrong type. Every string, key
/// included, comes from the text generator given, so a secret can be planted in any of them.
/// </summary>
internal sealed class GeneratedJson(Gen<string> text)
{
    public static readonly Gen<string> PlainText = Gen.String[TextMutations.Character, 0, 12];

    public static readonly GeneratedJson Plain = new(PlainText);

    /// <summary>Numbers at the edges of what the reader converts: retry waits, line numbers, TimeSpan's range.</summary>
    private static readonly Gen<JsonNode?> EdgeNumber = Gen.OneOf(
        0d, -1d, 0.5, 1, 10, 1e-300, 86_400, int.MaxValue + 1d, 922_337_203_685.4775, 922_337_203_685.477, 922_337_203_686, 1e300, double.MaxValue)
        .Select(n => (JsonNode?)JsonValue.Create(n));

    private Gen<JsonNode?> Scalar => Gen.Frequency(
        (1, Gen.Const(() => (JsonNode?)null)),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (2, Gen.Long.Select(n => (JsonNode?)JsonValue.Create(n))),
        (1, Gen.Double.Where(double.IsFinite).Select(n => (JsonNode?)JsonValue.Create(n))),
        (1, EdgeNumber),
        (3, String));

    public Gen<JsonNode?> Value => Gen.Recursive<JsonNode?>((depth, value) => depth >= 3
        ? Scalar
        : Gen.Frequency((4, Scalar), (1, ObjectOf(value).Select(o => (JsonNode?)o)), (1, ArrayOf(value).Select(a => (JsonNode?)a))));

    public Gen<JsonObject> Object => ObjectOf(Value);

    /// <summary>An entry of <c>errors</c>: what GraphQL servers, Flash among them, send, and what they should not.</summary>
    public Gen<JsonNode?> Error => OrWrong(Node(Members(
        ("message", OrWrong(Gen.Frequency((6, String), (1, Gen.Const(() => (JsonNode?)JsonValue.Create("Only subscription operations are supported")))))),
        ("code", OrWrong(Code)),
        ("extensions", OrWrong(Node(Members(("code", OrWrong(Code)), ("retryAfterSeconds", OrWrong(EdgeNumber)))))),
        ("path", OrWrong(Gen.Frequency((1, String), (1, Number)).Array[0, 4].Select(p => (JsonNode?)new JsonArray(p)))),
        ("locations", OrWrong(Node(Members(("line", OrWrong(Number)), ("column", OrWrong(Number)))).Array[0, 2].Select(l => (JsonNode?)new JsonArray(l)))))));

    public Gen<JsonNode?> Errors => OrWrong(Error.Array[0, 3].Select(e => (JsonNode?)new JsonArray(e)));

    /// <summary>A GraphQL result: <c>data</c> and <c>errors</c> each present or not, usually of the right type.</summary>
    public Gen<JsonObject> Result => Members(
        ("data", OrWrong(Node(Object))),
        ("errors", Errors),
        ("extensions", Value));

    /// <summary>Codes Flash and GraphQL servers send, each read differently, or any text.</summary>
    private Gen<JsonNode?> Code => Gen.Frequency(
        (3, Gen.OneOf("NOT_AUTHORIZED", "UNAUTHENTICATED", "UNAUTHORIZED", "FORBIDDEN", "TOO_MANY_REQUESTS", "BAD_USER_INPUT", "INTERNAL_SERVER_ERROR", "not_authorized", "invalid_api_key")
            .Select(c => (JsonNode?)JsonValue.Create(c))),
        (1, String));

    private Gen<JsonNode?> String => text.Select(s => (JsonNode?)JsonValue.Create(s));

    private static readonly Gen<JsonNode?> Number = Gen.Int[0, 100].Select(n => (JsonNode?)JsonValue.Create(n));

    private static Gen<JsonNode?> Node(Gen<JsonObject> value) => value.Select(o => (JsonNode?)o);

    /// <summary>Mostly the member as GraphQL defines it, a tenth of the time any other value in its place.</summary>
    private Gen<JsonNode?> OrWrong(Gen<JsonNode?> good) => Gen.Frequency((9, good), (1, Value));

    /// <summary>An object of the given members, each left out a quarter of the time.</summary>
    private static Gen<JsonObject> Members(params (string Name, Gen<JsonNode?> Value)[] members)
    {
        var present = Gen.Const(() => new List<(string Name, JsonNode? Value)>());
        foreach (var (name, value) in members)
        {
            present =
                from list in present
                from leftOut in Gen.Int[0, 3]
                from member in value
                select leftOut == 0 ? list : [.. list, (name, member)];
        }
        return present.Select(list =>
        {
            var result = new JsonObject();
            foreach (var (name, member) in list)
                result[name] = member;
            return result;
        });
    }

    private Gen<JsonObject> ObjectOf(Gen<JsonNode?> value) =>
        Gen.Select(text, value).Array[0, 4].Select(members =>
        {
            var result = new JsonObject();
            foreach (var (name, member) in members)
                result[name] = member;
            return result;
        });

    private static Gen<JsonArray> ArrayOf(Gen<JsonNode?> value) => value.Array[0, 4].Select(items => new JsonArray(items));
}
