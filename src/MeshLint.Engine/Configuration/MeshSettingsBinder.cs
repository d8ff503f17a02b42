using System.Collections.Immutable;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using MeshLint.Core.Index;
using MeshLint.Core.Model;

namespace MeshLint.Engine.Configuration;

/// <summary>One key of the <c>mesh:</c> section: its dotted name, type, default and description.</summary>
public sealed record MeshSettingKey(string Key, string Type, string Default, string Description);

/// <summary>
/// Maps the <c>mesh:</c> section onto <see cref="MeshSettings"/> by reflection, so a property added to MeshSettings
/// is configurable at once: its key is the property name in camelCase (<c>IstioRootNamespace</c> is
/// <c>mesh.istioRootNamespace</c>), a property whose type is itself a settings record is a nested section
/// (<c>Linkerd.DefaultInboundPolicy</c> is <c>mesh.linkerd.defaultInboundPolicy</c>). Supported value types: string,
/// bool, int, double, enums (and their nullable forms: unset stays null), string lists (ImmutableArray, ImmutableHashSet,
/// IReadOnlyList, arrays) and nested records whose constructor parameters all have defaults.
/// </summary>
public static class MeshSettingsBinder
{
    public static MeshSettings Bind(ScalarNode key, Node value)
    {
        if (value is ScalarNode { IsNull: true })
        {
            return MeshSettings.Default;
        }

        return (MeshSettings)BindSection(typeof(MeshSettings), key.Value, value);
    }

    /// <summary>Every key the <c>mesh:</c> section accepts, for docs and tests.</summary>
    public static IReadOnlyList<MeshSettingKey> Keys()
    {
        var keys = new List<MeshSettingKey>();
        Collect(typeof(MeshSettings), new MeshSettings(), "mesh", keys);
        return keys;
    }

    private static void Collect(Type type, object defaults, string prefix, List<MeshSettingKey> keys)
    {
        foreach (var property in Settable(type))
        {
            var key = $"{prefix}.{CamelCase(property.Name)}";
            var value = property.GetValue(defaults);
            if (IsSection(property.PropertyType))
            {
                Collect(property.PropertyType, value ?? Create(property.PropertyType), key, keys);
                continue;
            }

            var description = property.GetCustomAttribute<DescriptionAttribute>()?.Description ?? string.Empty;
            keys.Add(new MeshSettingKey(key, TypeName(property.PropertyType), Format(value), description));
        }
    }

    private static object BindSection(Type type, string path, Node value)
    {
        if (value is not MappingNode map)
        {
            throw new ConfigException(value.Span, $"'{path}' must be a map of settings, not {ConfigReader.Describe(value)}", $"valid keys: {string.Join(", ", Settable(type).Select(p => CamelCase(p.Name)))}");
        }

        var properties = Settable(type).ToDictionary(p => CamelCase(p.Name), StringComparer.Ordinal);
        var instance = Create(type);
        foreach (var (key, entry) in ConfigReader.Entries(map, [.. properties.Keys], path + "."))
        {
            var property = properties[key.Value];
            var name = $"{path}.{key.Value}";
            var converted = IsSection(property.PropertyType)
                ? BindSection(property.PropertyType, name, entry)
                : entry is ScalarNode { IsNull: true } && IsNullableReference(property)
                    ? null
                    : Convert(property.PropertyType, name, entry);
            property.SetValue(instance, converted);
        }

        return instance;
    }

    /// <summary>A <c>string?</c> setting: YAML null leaves it unset.</summary>
    private static bool IsNullableReference(PropertyInfo property) =>
        !property.PropertyType.IsValueType && new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable;

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken);

    private static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && !IsStringList(type) && DefaultConstructor(type) is not null;

    /// <summary>A constructor every parameter of which has a default: a plain record's, or a positional record's with defaults.</summary>
    private static ConstructorInfo? DefaultConstructor(Type type) =>
        type.GetConstructors().FirstOrDefault(c => c.GetParameters().All(p => p.HasDefaultValue));

    private static object Create(Type type)
    {
        var constructor = DefaultConstructor(type) ?? throw new NotSupportedException($"{type.Name} has no constructor without required parameters.");
        return constructor.Invoke([.. constructor.GetParameters().Select(p => p.DefaultValue)]);
    }

    private static bool IsStringList(Type type) =>
        type == typeof(string[]) || type == typeof(ImmutableArray<string>) || type == typeof(ImmutableHashSet<string>) ||
        type == typeof(IReadOnlyList<string>) || type == typeof(IReadOnlyCollection<string>) || type == typeof(IReadOnlySet<string>);

    private static object? Convert(Type type, string name, Node value)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return value is ScalarNode { IsNull: true } ? null : Convert(underlying, name, value);
        }

        if (IsStringList(type))
        {
            var items = value switch
            {
                SequenceNode sequence => sequence.Items.Select(i => Scalar(name, i, "a string")).ToList(),
                ScalarNode { IsNull: true } => [],
                _ => throw new ConfigException(value.Span, $"'{name}' must be a list of strings, not {ConfigReader.Describe(value)}", $"for example: {name.Split('.')[^1]}: [a, b]"),
            };
            if (type == typeof(ImmutableArray<string>))
            {
                return items.ToImmutableArray();
            }

            return type == typeof(ImmutableHashSet<string>) || type == typeof(IReadOnlySet<string>) ? items.ToImmutableHashSet(StringComparer.Ordinal) : items.ToArray();
        }

        if (type == typeof(string))
        {
            return Scalar(name, value, "a string");
        }

        if (type == typeof(bool))
        {
            return value is ScalarNode scalar && scalar.IsBoolean(out var flag)
                ? flag
                : throw new ConfigException(value.Span, $"'{name}' must be true or false, not {ConfigReader.Describe(value)}", "write true or false without quotes");
        }

        if (type == typeof(int))
        {
            return value is ScalarNode scalar && scalar.TryGetInt64(out var number) && number is >= int.MinValue and <= int.MaxValue
                ? (int)number
                : throw new ConfigException(value.Span, $"'{name}' must be a whole number, not {ConfigReader.Describe(value)}", "write a number without quotes");
        }

        if (type == typeof(double))
        {
            return value is ScalarNode { IsNumber: true } scalar
                ? double.Parse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture)
                : throw new ConfigException(value.Span, $"'{name}' must be a number, not {ConfigReader.Describe(value)}", "write a number without quotes");
        }

        if (type.IsEnum)
        {
            var text = Scalar(name, value, "one of " + string.Join(", ", EnumNames(type)));
            var match = Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase) || string.Equals(Kebab(n), text, StringComparison.OrdinalIgnoreCase));
            return match is not null
                ? Enum.Parse(type, match)
                : throw new ConfigException(value.Span, $"'{name}' is '{text}', which is not one of {string.Join(", ", EnumNames(type))}", ConfigReader.Suggest(text, EnumNames(type)));
        }

        throw new NotSupportedException($"MeshSettings property type {type.Name} ({name}) has no configuration reader; add it to {nameof(MeshSettingsBinder)}.");
    }

    private static string Scalar(string name, Node value, string expected) =>
        value is ScalarNode { IsNull: false } scalar
            ? scalar.Value
            : throw new ConfigException(value.Span, $"'{name}' must be {expected}, not {ConfigReader.Describe(value)}", $"write {name.Split('.')[^1]}: <value>");

    private static List<string> EnumNames(Type type) => Enum.GetNames(type).Select(CamelCase).ToList();

    private static string Kebab(string name) => string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    internal static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    private static string TypeName(Type type) => type switch
    {
        _ when type == typeof(string) => "string",
        _ when type == typeof(bool) => "boolean",
        _ when type == typeof(int) => "integer",
        _ when type == typeof(double) => "number",
        _ when type.IsEnum => string.Join(" \\| ", EnumNames(type)),
        _ when Nullable.GetUnderlyingType(type) is { } inner => TypeName(inner),
        _ when IsStringList(type) => "list of strings",
        _ => type.Name,
    };

    private static string Format(object? value) => value switch
    {
        null => "(none)",
        bool flag => flag ? "true" : "false",
        string text => text,
        Enum e => CamelCase(e.ToString()),
        IEnumerable<string> list => "[" + string.Join(", ", list) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
