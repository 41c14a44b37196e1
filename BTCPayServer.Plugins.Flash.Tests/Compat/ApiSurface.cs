using System.Globalization;
using System.Reflection;
using System.Text;

namespace BTCPayServer.Plugins.Flash.Tests.Compat;

/// <summary>
/// Describes an assembly's public surface as one line per type and member, in a form that changes exactly
/// when a binary-relevant signature changes: names, kinds, parameter and return types, ref kinds,
/// defaults, modifiers, generic constraints, enum values, base types and interfaces.
/// </summary>
internal static class ApiSurface
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
        | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <param name="nullability">
    /// Also write nullable reference annotations (<c>?</c>), for assemblies upstream compiles with nullable enabled,
    /// where a plugin implementing an interface must match them.
    /// </param>
    public static IReadOnlyList<string> Describe(Assembly assembly, Func<Type, bool>? include = null, bool nullability = false) =>
        assembly.GetExportedTypes()
            .Where(t => include?.Invoke(t) ?? true)
            .SelectMany(t => DescribeType(t, nullability ? new NullabilityInfoContext() : null))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static IEnumerable<string> DescribeType(Type type, NullabilityInfoContext? nullability)
    {
        var name = TypeName(type);
        yield return $"{name} {Kind(type)}{Inheritance(type)}";
        if (type.IsEnum)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
                yield return $"{name} :: {field.Name} = {Convert.ToString(field.GetRawConstantValue(), CultureInfo.InvariantCulture)}";
            yield break;
        }
        foreach (var member in type.GetMembers(Declared))
        {
            var line = member switch
            {
                ConstructorInfo c when IsVisible(c) => $"{name} :: {Modifiers(c)}.ctor({Parameters(c, nullability)})",
                MethodInfo m when IsVisible(m) && !m.IsSpecialName || m.Name.StartsWith("op_", StringComparison.Ordinal) && IsVisible(m) =>
                    $"{name} :: {Modifiers(m)}{m.Name}{GenericArguments(m)}({Parameters(m, nullability)}) : {Annotated(m.ReturnType, nullability?.Create(m.ReturnParameter))}{Constraints(m)}",
                PropertyInfo p when Accessors(p) is { Length: > 0 } accessors =>
                    $"{name} :: {Modifiers(p.GetMethod ?? p.SetMethod!)}{p.Name}{Indexer(p)} : {Annotated(p.PropertyType, nullability?.Create(p))} {{ {accessors} }}",
                FieldInfo f when f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly =>
                    $"{name} :: {(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{(f.IsInitOnly ? "readonly " : "")}{f.Name} : {TypeName(f.FieldType)}",
                EventInfo e when e.AddMethod is { } add && IsVisible(add) => $"{name} :: event {e.Name} : {TypeName(e.EventHandlerType!)}",
                _ => null,
            };
            if (line is not null)
                yield return line;
        }
    }

    private static bool IsVisible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static string Kind(Type type) => type switch
    {
        { IsInterface: true } => "interface",
        { IsEnum: true } => $"enum : {TypeName(Enum.GetUnderlyingType(type))}",
        { IsValueType: true } => "struct",
        { IsAbstract: true, IsSealed: true } => "static class",
        { IsAbstract: true } => "abstract class",
        { IsSealed: true } => "sealed class",
        _ => "class",
    };

    private static string Inheritance(Type type)
    {
        var parents = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(Enum) && baseType != typeof(ValueType))
            parents.Add(TypeName(baseType));
        parents.AddRange(type.GetInterfaces().Select(TypeName).Order(StringComparer.Ordinal));
        return parents.Count == 0 ? "" : " : " + string.Join(", ", parents);
    }

    private static string Modifiers(MethodBase method)
    {
        var text = new StringBuilder();
        if (method.IsFamily || method.IsFamilyOrAssembly)
            text.Append("protected ");
        if (method.IsStatic)
            text.Append("static ");
        if (method.IsAbstract && !method.DeclaringType!.IsInterface)
            text.Append("abstract ");
        else if (method.IsVirtual && !method.IsFinal && !method.DeclaringType!.IsInterface)
            text.Append("virtual ");
        return text.ToString();
    }

    private static string Accessors(PropertyInfo property)
    {
        var parts = new List<string>();
        if (property.GetMethod is { } get && IsVisible(get))
            parts.Add("get;");
        if (property.SetMethod is { } set && IsVisible(set))
            parts.Add("set;");
        return string.Join(" ", parts);
    }

    private static string Indexer(PropertyInfo property) =>
        property.GetIndexParameters() is { Length: > 0 } index ? $"[{string.Join(", ", index.Select(p => TypeName(p.ParameterType)))}]" : "";

    private static string GenericArguments(MethodInfo method) =>
        method.IsGenericMethodDefinition ? $"<{string.Join(", ", method.GetGenericArguments().Select(a => a.Name))}>" : "";

    private static string Constraints(MethodInfo method)
    {
        if (!method.IsGenericMethodDefinition)
            return "";
        var clauses = new List<string>();
        foreach (var argument in method.GetGenericArguments())
        {
            var constraints = new List<string>();
            var attributes = argument.GenericParameterAttributes;
            if (attributes.HasFlag(GenericParameterAttributes.ReferenceTypeConstraint))
                constraints.Add("class");
            if (attributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint))
                constraints.Add("struct");
            constraints.AddRange(argument.GetGenericParameterConstraints().Where(c => c != typeof(ValueType)).Select(TypeName));
            if (attributes.HasFlag(GenericParameterAttributes.DefaultConstructorConstraint) && !attributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint))
                constraints.Add("new()");
            if (constraints.Count > 0)
                clauses.Add($" where {argument.Name} : {string.Join(", ", constraints)}");
        }
        return string.Concat(clauses);
    }

    private static string Parameters(MethodBase method, NullabilityInfoContext? nullability = null) =>
        string.Join(", ", method.GetParameters().Select(p => Parameter(p, nullability)));

    private static string Parameter(ParameterInfo parameter, NullabilityInfoContext? nullability)
    {
        var type = parameter.ParameterType;
        var prefix = "";
        if (type.IsByRef)
        {
            prefix = parameter.IsOut ? "out " : parameter.IsIn ? "in " : "ref ";
            type = type.GetElementType()!;
        }
        var text = $"{prefix}{(nullability is null || parameter.ParameterType.IsByRef ? TypeName(type) : Annotated(type, nullability.Create(parameter)))} {parameter.Name}";
        if (parameter.HasDefaultValue)
            text += " = " + (parameter.DefaultValue switch
            {
                null => "default",
                string s => $"\"{s}\"",
                bool b => b ? "true" : "false",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var other => other.ToString(),
            });
        return text;
    }

    /// <summary>The type's name with <c>?</c> on every reference type annotated nullable, generic arguments included.</summary>
    private static string Annotated(Type type, NullabilityInfo? info)
    {
        if (info is null)
            return TypeName(type);
        var name = type.IsGenericType
            ? $"{TypeName(type)[..TypeName(type).IndexOf('<', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select((a, i) => Annotated(a, info.GenericTypeArguments[i])))}>"
            : TypeName(type);
        return !type.IsValueType && info.ReadState == NullabilityState.Nullable ? name + "?" : name;
    }

    public static string TypeName(Type type)
    {
        if (type.IsGenericParameter)
            return type.Name;
        if (type.IsArray)
            return TypeName(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        if (type.IsByRef)
            return TypeName(type.GetElementType()!) + "&";
        var name = type.IsNested ? TypeName(type.DeclaringType!) + "." + type.Name : $"{type.Namespace}.{type.Name}";
        if (!type.IsGenericType)
            return name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        var bare = tick < 0 ? name : name[..tick];
        return $"{bare}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>";
    }
}
