using System.Collections.Immutable;

namespace MeshLint.Core.Model;

/// <summary>A small, ordered, immutable string map (labels, annotations, matchLabels) with the span of each value.</summary>
public sealed class LabelSet
{
    public static LabelSet Empty { get; } = new(ImmutableArray<KeyValuePair<Located<string>, Located<string>>>.Empty, SourceSpan.None);

    public LabelSet(ImmutableArray<KeyValuePair<Located<string>, Located<string>>> entries, SourceSpan span)
    {
        Entries = entries;
        Span = span;
    }

    /// <summary>Keys and values, each with its span, in file order.</summary>
    public ImmutableArray<KeyValuePair<Located<string>, Located<string>>> Entries { get; }

    /// <summary>The span of the map itself (its key in the parent when present).</summary>
    public SourceSpan Span { get; }

    public int Count => Entries.Length;

    public bool IsEmpty => Entries.IsEmpty;

    public bool TryGet(string key, out Located<string> value)
    {
        for (var i = Entries.Length - 1; i >= 0; i--)
        {
            if (string.Equals(Entries[i].Key.Value, key, StringComparison.Ordinal))
            {
                value = Entries[i].Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    public string? this[string key] => TryGet(key, out var value) ? value.Value : null;

    public bool ContainsKey(string key) => TryGet(key, out _);

    public Located<string>? KeyOf(string key)
    {
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
            {
                return entry.Key;
            }
        }

        return null;
    }

    /// <summary>True when every entry of this set is present with the same value in <paramref name="labels"/> (matchLabels semantics).</summary>
    public bool IsSubsetOf(LabelSet labels)
    {
        foreach (var entry in Entries)
        {
            if (!labels.TryGet(entry.Key.Value, out var value) || !string.Equals(value.Value, entry.Value.Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => string.Join(",", Entries.Select(e => $"{e.Key.Value}={e.Value.Value}"));
}

/// <summary>One Kubernetes label selector requirement (<c>matchExpressions</c> item).</summary>
public sealed record SelectorRequirement(Located<string> Key, Located<string> Operator, ImmutableArray<Located<string>> Values);

/// <summary>A Kubernetes label selector: matchLabels plus matchExpressions.</summary>
public sealed record LabelSelector(LabelSet MatchLabels, ImmutableArray<SelectorRequirement> MatchExpressions, SourceSpan Span)
{
    public bool IsEmpty => MatchLabels.IsEmpty && MatchExpressions.IsDefaultOrEmpty;

    public bool Matches(LabelSet labels)
    {
        if (!MatchLabels.IsSubsetOf(labels))
        {
            return false;
        }

        if (MatchExpressions.IsDefaultOrEmpty)
        {
            return true;
        }

        foreach (var requirement in MatchExpressions)
        {
            var present = labels.TryGet(requirement.Key.Value, out var value);
            var inValues = present && requirement.Values.Any(v => string.Equals(v.Value, value.Value, StringComparison.Ordinal));
            var ok = requirement.Operator.Value switch
            {
                "In" => inValues,
                "NotIn" => !inValues,
                "Exists" => present,
                "DoesNotExist" => !present,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
