using Flash.MockServer.Auth;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;

namespace Flash.MockServer.GraphQL;

/// <summary>Parses, authorises and executes operations; shared by the HTTP and WebSocket endpoints.</summary>
internal sealed class OperationExecutor(ISchema schema, IDocumentExecuter executer, OperationLimitRule limits)
{
    public const string TooDeepToParse = "The operation is nested too deeply to parse. Ask for less deeply nested fields.";

    private readonly IValidationRule[] _validationRules = [.. DocumentValidator.CoreRules, limits];

    public ISchema Schema => schema;

    /// <summary>Parses the query text; a syntax error or a runaway nesting comes back as a GraphQL error, never an exception.</summary>
    public static ParsedOperation? TryParse(string query, string? operationName, out ExecutionError? error)
    {
        try
        {
            var document = Parser.Parse(query);
            var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
            var operation = operationName is null
                ? (operations.Count == 1 ? operations[0] : null)
                : operations.SingleOrDefault(o => o.Name?.StringValue == operationName);
            error = null;
            return new ParsedOperation(document, operation, operationName);
        }
        catch (GraphQLMaxDepthExceededException)
        {
            // The parser's own guard against a stack overflow, reached long before the validation's depth limit.
            error = new ExecutionError(TooDeepToParse) { Code = "GRAPHQL_PARSE_FAILED" };
            return null;
        }
        catch (GraphQLSyntaxErrorException e)
        {
            error = new ExecutionError($"Syntax error: {e.Description}") { Code = "GRAPHQL_PARSE_FAILED" };
            error.AddLocation(new Location(e.Location.Line, e.Location.Column));
            return null;
        }
    }

    public AccessDenial? FindDenial(ParsedOperation parsed, Caller caller) =>
        parsed.Operation is null ? null : OperationAccessAnalyzer.FindDenial(schema, parsed.Document, parsed.Operation, caller);

    public Task<ExecutionResult> ExecuteAsync(ParsedOperation parsed, Inputs? variables, MockRequestContext context, CancellationToken cancellation) =>
        executer.ExecuteAsync(new ExecutionOptions
        {
            Schema = schema,
            Document = parsed.Document,
            OperationName = parsed.OperationName,
            Variables = variables,
            UserContext = context,
            CancellationToken = cancellation,
            ThrowOnUnhandledException = false,
            ValidationRules = _validationRules,
        });
}
