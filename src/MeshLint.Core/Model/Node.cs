using System.Collections.Immutable;
using System.Globalization;

namespace MeshLint.Core.Model;

/// <summary>
/// The parsed YAML/JSON tree of a document, immutable, with the exact span of every node.
/// Typed model records are views over it; rules that need a field the typed model lacks may read it here.
/// </summary>
public abstract class Node
{
    protected Node(SourceSpan span) => Span = span;

    public SourceSpan Span { get; }

    public abstract string TypeName { get; }
}

public enum ScalarStyle
{
    Plain,
    Quoted,
    Block,
}

public sealed class ScalarNode : Node
{
    public ScalarNode(string value, ScalarStyle style, SourceSpan span, string? tag = null) : base(span)
    {
        Value = value;
        Style = style;
        Tag = tag;
    }

    public string Value { get; }

    public ScalarStyle Style { get; }

    public string? Tag { get; }

    public override string TypeName => IsNull ? "null" : IsBoolean(out _) ? "boolean" : IsNumber ? "number" : "string";

    /// <summary>YAML 1.2 core schema null (plain scalars only; a quoted "null" is a string).</summary>
    public bool IsNull => Style == ScalarStyle.Plain && Value is "" or "~" or "null" or "Null" or "NULL";

    public bool IsBoolean(out bool value)
    {
        value = false;
        if (Style != ScalarStyle.Plain)
        {
            return false;
        }

        switch (Value)
        {
            case "true" or "True" or "TRUE":
                value = true;
                return true;
            case "false" or "False" or "FALSE":
                return true;
            default:
                return false;
        }
    }

    public bool IsNumber => Style == ScalarStyle.Plain && double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    public bool TryGetInt64(out long value)
    {
        value = 0;
        return Style == ScalarStyle.Plain && long.TryParse(Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public override string ToString() => Value;
}

public sealed class SequenceNode : Node
{
    public SequenceNode(ImmutableArray<Node> items, SourceSpan span, bool isFlow = false) : base(span)
    {
        Items = items;
        IsFlow = isFlow;
    }

    public ImmutableArray<Node> Items { get; }

    /// <summary>Written <c>[a, b]</c> rather than as a block of <c>- </c> items (fixes that insert lines need to know).</summary>
    public bool IsFlow { get; }

    public override string TypeName => "list";
}

public sealed class MappingNode : Node
{
    public MappingNode(ImmutableArray<KeyValuePair<ScalarNode, Node>> entries, SourceSpan span, bool isFlow = false) : base(span)
    {
        Entries = entries;
        IsFlow = isFlow;
    }

    public ImmutableArray<KeyValuePair<ScalarNode, Node>> Entries { get; }

    /// <summary>Written <c>{a: 1}</c> rather than as a block of <c>key: value</c> lines.</summary>
    public bool IsFlow { get; }

    public override string TypeName => "map";

    /// <summary>The value of a key; the last one wins for duplicate keys, as Kubernetes' decoder would read it.</summary>
    public Node? this[string key]
    {
        get
        {
            // Maps in manifests are small: a backwards linear scan beats building a dictionary per node.
            for (var i = Entries.Length - 1; i >= 0; i--)
            {
                if (string.Equals(Entries[i].Key.Value, key, StringComparison.Ordinal))
                {
                    return Entries[i].Value;
                }
            }

            return null;
        }
    }

    public ScalarNode? KeyNode(string key)
    {
        for (var i = Entries.Length - 1; i >= 0; i--)
        {
            if (string.Equals(Entries[i].Key.Value, key, StringComparison.Ordinal))
            {
                return Entries[i].Key;
            }
        }

        return null;
    }

    /// <summary>The span to anchor a finding about this key: the key itself when present, else this map.</summary>
    public SourceSpan KeySpanOr(string key) => KeyNode(key)?.Span ?? Span;
}
