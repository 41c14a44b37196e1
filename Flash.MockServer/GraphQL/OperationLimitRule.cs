using System.Globalization;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Errors.Custom;
using GraphQL.Validation.Rules.Custom;

namespace Flash.MockServer.GraphQL;

/// <summary>
/// GraphQL.NET's complexity analyzer as a validation rule, so an operation over a limit is refused like any other
/// invalid document (400 under graphql-response+json, 200 under application/json, an error message on the WebSocket).
/// Every selected field weighs one, each alias and each use of a fragment included; lists are not multiplied (the
/// mock's lists are a few wallets or keys). Introspection below <c>__schema</c> and <c>__type</c> weighs a fiftieth,
/// so that tools can still load the schema, but it counts towards the depth like everything else.
/// </summary>
internal sealed class OperationLimitRule(int maxDepth, int maxComplexity)
    : ComplexityValidationRule(new ComplexityOptions { MaxDepth = maxDepth, MaxComplexity = maxComplexity, DefaultListImpactMultiplier = 1 })
{
    private const double IntrospectionWeight = 0.02;

    /// <summary>Gives the schema's introspection entry points their light weight; call once per schema.</summary>
    public static void WeighIntrospectionLightly(ISchema schema)
    {
        schema.SchemaMetaFieldType.WithComplexityImpact(1, IntrospectionWeight);
        schema.TypeMetaFieldType.WithComplexityImpact(1, IntrospectionWeight);
    }

    protected override ValueTask ValidateComplexityAsync(ValidationContext context, double totalComplexity, int maxDepth)
    {
        if (maxDepth > Options.MaxDepth)
        {
            context.ReportError(new ComplexityError(string.Create(CultureInfo.InvariantCulture,
                $"The operation nests fields {maxDepth} levels deep; this server allows at most {Options.MaxDepth}. Ask for less deeply nested fields.")));
        }
        else if (totalComplexity > Options.MaxComplexity)
        {
            context.ReportError(new ComplexityError(string.Create(CultureInfo.InvariantCulture,
                $"The operation asks for too many fields at once: it weighs {Math.Ceiling(totalComplexity)} and this server allows {Options.MaxComplexity} (every field and every alias counts one). Ask for fewer fields, or split the operation into several requests.")));
        }
        return ValueTask.CompletedTask;
    }
}
