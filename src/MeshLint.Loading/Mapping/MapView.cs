using System.Collections.Immutable;
using System.Globalization;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;

namespace MeshLint.Loading.Mapping;

/// <summary>Collects what mapping finds wrong with one object: fields of the wrong type become ML9002 findings.</summary>
internal sealed class MappingDiagnostics
{
    private readonly List<Finding> findings = [];

    public ObjectRef? Object { get; set; }

    public IReadOnlyList<Finding> Findings => findings;

    public void WrongType(string path, Node node, string expected) =>
        findings.Add(new Finding(
            ToolRules.WrongFieldType.Id,
            ToolRules.WrongFieldType.DefaultSeverity,
            $"{path} must be {expected} but is {Article(node.TypeName)}; the field is ignored.",
            node.Span,
            Object));

    public void Add(Finding finding) => findings.Add(finding);

    private static string Article(string typeName) => typeName switch
    {
        "map" => "a map",
        "list" => "a list",
        "null" => "null",
        "number" => "a number",
        "boolean" => "a boolean",
        _ => "a string",
    };
}

/// <summary>
/// A typed reading of one YAML map. Missing fields read as null; a field of the wrong type is reported once and
/// read as null, so rules never see a value the API server would reject and never throw on one.
/// </summary>
internal readonly struct MapView(MappingNode node, string path, MappingDiagnostics diagnostics)
{
    public MappingNode Node { get; } = node;

    public string Path { get; } = path;

    public SourceSpan Span => Node.Span;

    public MappingDiagnostics Diagnostics { get; } = diagnostics;

    /// <summary>The key's span when present (anchor for "missing" findings), else the map's own span.</summary>
    public SourceSpan KeySpan(string key) => Node.KeySpanOr(key);

    private string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public Node? Raw(string key) => Node[key];

    public Located<string>? Str(string key)
    {
        var value = Node[key];
        switch (value)
        {
            case null:
                return null;
            case ScalarNode { IsNull: true }:
                return null;
            case ScalarNode scalar:
                return new Located<string>(scalar.Value, scalar.Span);
            default:
                Diagnostics.WrongType(Child(key), value, "a string");
                return null;
        }
    }

    public Located<long>? Int(string key)
    {
        var value = Node[key];
        switch (value)
        {
            case null:
            case ScalarNode { IsNull: true }:
                return null;
            case ScalarNode scalar when scalar.TryGetInt64(out var number):
                return new Located<long>(number, scalar.Span);
            default:
                Diagnostics.WrongType(Child(key), value, "an integer");
                return null;
        }
    }

    /// <summary>A number that may have a fraction (a Consul split weight, a rate).</summary>
    public Located<double>? Number(string key)
    {
        var value = Node[key];
        switch (value)
        {
            case null:
            case ScalarNode { IsNull: true }:
                return null;
            case ScalarNode { Style: Core.Model.ScalarStyle.Plain } scalar when double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                return new Located<double>(number, scalar.Span);
            default:
                Diagnostics.WrongType(Child(key), value, "a number");
                return null;
        }
    }

    /// <summary>An int-or-string field such as targetPort or a port key.</summary>
    public Located<string>? IntOrString(string key) => Str(key);

    public Located<bool>? Bool(string key)
    {
        var value = Node[key];
        switch (value)
        {
            case null:
            case ScalarNode { IsNull: true }:
                return null;
            case ScalarNode scalar when scalar.IsBoolean(out var flag):
                return new Located<bool>(flag, scalar.Span);
            default:
                Diagnostics.WrongType(Child(key), value, "a boolean (true or false, unquoted)");
                return null;
        }
    }

    public MapView? Map(string key)
    {
        var value = Node[key];
        switch (value)
        {
            case null:
            case ScalarNode { IsNull: true }:
                return null;
            case MappingNode map:
                return new MapView(map, Child(key), Diagnostics);
            default:
                Diagnostics.WrongType(Child(key), value, "a map");
                return null;
        }
    }

    public SequenceNode? Seq(string key)
    {
        var value = Node[key];
        switch (value)
        {
            case null:
            case ScalarNode { IsNull: true }:
                return null;
            case SequenceNode seq:
                return seq;
            default:
                Diagnostics.WrongType(Child(key), value, "a list");
                return null;
        }
    }

    /// <summary>A list of maps; items of another type are reported and skipped.</summary>
    public ImmutableArray<MapView> Maps(string key)
    {
        var seq = Seq(key);
        if (seq is null)
        {
            return ImmutableArray<MapView>.Empty;
        }

        var result = ImmutableArray.CreateBuilder<MapView>(seq.Items.Length);
        for (var i = 0; i < seq.Items.Length; i++)
        {
            var item = seq.Items[i];
            var itemPath = $"{Child(key)}[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (item is MappingNode map)
            {
                result.Add(new MapView(map, itemPath, Diagnostics));
            }
            else if (item is not ScalarNode { IsNull: true })
            {
                Diagnostics.WrongType(itemPath, item, "a map");
            }
        }

        return result.ToImmutable();
    }

    /// <summary>A list of strings; a lone string where a list belongs is reported.</summary>
    public ImmutableArray<Located<string>> Strings(string key)
    {
        var seq = Seq(key);
        if (seq is null)
        {
            return ImmutableArray<Located<string>>.Empty;
        }

        var result = ImmutableArray.CreateBuilder<Located<string>>(seq.Items.Length);
        for (var i = 0; i < seq.Items.Length; i++)
        {
            var item = seq.Items[i];
            if (item is ScalarNode scalar && !scalar.IsNull)
            {
                result.Add(new Located<string>(scalar.Value, scalar.Span));
            }
            else
            {
                Diagnostics.WrongType($"{Child(key)}[{i.ToString(CultureInfo.InvariantCulture)}]", item, "a string");
            }
        }

        return result.ToImmutable();
    }

    /// <summary>A string-to-string map (labels, annotations, matchLabels).</summary>
    public LabelSet? Labels(string key)
    {
        var value = Node[key];
        switch (value)
        {
            case null:
            case ScalarNode { IsNull: true }:
                return null;
            case MappingNode map:
                return ToLabels(map, Child(key), Node.KeySpanOr(key));
            default:
                Diagnostics.WrongType(Child(key), value, "a map of strings");
                return null;
        }
    }

    private LabelSet ToLabels(MappingNode map, string path, SourceSpan span)
    {
        var entries = ImmutableArray.CreateBuilder<KeyValuePair<Located<string>, Located<string>>>(map.Entries.Length);
        foreach (var (key, value) in map.Entries)
        {
            if (value is ScalarNode scalar)
            {
                if (scalar.Style == Core.Model.ScalarStyle.Plain && !scalar.IsNull && (scalar.IsBoolean(out _) || scalar.IsNumber))
                {
                    // Kubernetes rejects unquoted true/false/numbers as label and annotation values.
                    Diagnostics.WrongType($"{path}.{key.Value}", scalar, "a string (quote it)");
                }

                entries.Add(new(new Located<string>(key.Value, key.Span), new Located<string>(scalar.IsNull ? string.Empty : scalar.Value, scalar.Span)));
            }
            else
            {
                Diagnostics.WrongType($"{path}.{key.Value}", value, "a string");
            }
        }

        return new LabelSet(entries.ToImmutable(), span);
    }
}
