using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;

namespace MeshLint.Core.Semantics;

/// <summary>One field compared between the repo's copy of an object and the cluster's.</summary>
public sealed record FieldDrift(string Path, Node? Declared, Node? Observed, SourceSpan Anchor);

/// <summary>
/// How the repo (declared) and a cluster (observed) differ. Values are compared as data: key order, quoting,
/// spans and YAML-vs-JSON spelling do not count; an absent field equals null, <c>{}</c> and <c>[]</c>.
/// </summary>
public static class Drift
{
    /// <summary>The API groups of the three meshes and the Gateway API: the configuration a repo is expected to own.</summary>
    public static readonly ImmutableHashSet<string> MeshGroups =
    [
        "networking.istio.io", "security.istio.io", "telemetry.istio.io", "extensions.istio.io",
        "policy.linkerd.io", "linkerd.io", "workload.linkerd.io", "consul.hashicorp.com", "gateway.networking.k8s.io",
    ];

    /// <summary>Pairs of (repo object, cluster object) with the same identity, when the run read both.</summary>
    public static IEnumerable<(MeshObject Declared, MeshObject Observed)> Pairs(RuleContext context)
    {
        if (context.Declared is not { } declared)
        {
            yield break;
        }

        foreach (var observed in context.Index.Objects)
        {
            if (declared.Find(observed.Ref) is { } repo && repo.Header.Group == observed.Header.Group)
            {
                yield return (repo, observed);
            }
        }
    }

    /// <summary>
    /// The fields under <paramref name="paths"/> that differ. A path is dot-separated keys (a key with dots in it
    /// goes in braces: <c>metadata.annotations.{linkerd.io/inject}</c>); <c>[]</c> after a key walks a list item
    /// by item, pairing items by position.
    /// </summary>
    public static IEnumerable<FieldDrift> Compare(MeshObject declared, MeshObject observed, IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            foreach (var (display, repoNode, clusterNode, anchor) in Walk(declared.Root, observed.Root, Segments(path), 0, string.Empty, declared.Header.Kind.Span))
            {
                if (!Equivalent(repoNode, clusterNode))
                {
                    yield return new FieldDrift(display, repoNode, clusterNode, anchor);
                }
            }
        }
    }

    private static string[] Segments(string path)
    {
        var segments = new List<string>();
        var current = new StringBuilder();
        var braced = false;
        foreach (var c in path)
        {
            if (c == '{' || c == '}')
            {
                braced = c == '{';
            }
            else if (c == '.' && !braced)
            {
                segments.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        segments.Add(current.ToString());
        return segments.ToArray();
    }

    private static IEnumerable<(string Display, Node? Repo, Node? Cluster, SourceSpan Anchor)> Walk(Node? repo, Node? cluster, string[] segments, int index, string display, SourceSpan anchor)
    {
        if (index == segments.Length)
        {
            yield return (display, repo, cluster, anchor);
            yield break;
        }

        var segment = segments[index];
        var isList = segment.EndsWith("[]", StringComparison.Ordinal);
        var key = isList ? segment[..^2] : segment;
        var repoMap = repo as MappingNode;
        var repoChild = repoMap?[key];
        var childAnchor = repoMap?.KeyNode(key)?.Span ?? anchor;
        var clusterChild = (cluster as MappingNode)?[key];
        var childDisplay = display.Length == 0 ? key : $"{display}.{key}";
        if (!isList)
        {
            foreach (var item in Walk(repoChild, clusterChild, segments, index + 1, childDisplay, childAnchor))
            {
                yield return item;
            }

            yield break;
        }

        var repoItems = (repoChild as SequenceNode)?.Items ?? ImmutableArray<Node>.Empty;
        var clusterItems = (clusterChild as SequenceNode)?.Items ?? ImmutableArray<Node>.Empty;
        if (repoItems.Length != clusterItems.Length)
        {
            // Items were added or removed: the whole list is the difference.
            yield return (childDisplay, repoChild, clusterChild, childAnchor);
            yield break;
        }

        for (var i = 0; i < repoItems.Length; i++)
        {
            var itemDisplay = $"{childDisplay}[{i.ToString(CultureInfo.InvariantCulture)}]";
            foreach (var item in Walk(repoItems[i], clusterItems[i], segments, index + 1, itemDisplay, repoItems[i].Span))
            {
                yield return item;
            }
        }
    }

    /// <summary>Structural equality of two trees, as data.</summary>
    public static bool Equivalent(Node? a, Node? b)
    {
        if (IsEmpty(a) || IsEmpty(b))
        {
            return IsEmpty(a) && IsEmpty(b);
        }

        switch (a, b)
        {
            case (ScalarNode x, ScalarNode y):
                return string.Equals(x.Value, y.Value, StringComparison.Ordinal)
                    || (double.TryParse(x.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var dx)
                        && double.TryParse(y.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var dy)
                        && dx.Equals(dy));
            case (SequenceNode x, SequenceNode y):
                return x.Items.Length == y.Items.Length && x.Items.Zip(y.Items).All(p => Equivalent(p.First, p.Second));
            case (MappingNode x, MappingNode y):
                var keys = x.Entries.Select(e => e.Key.Value).Concat(y.Entries.Select(e => e.Key.Value)).Distinct(StringComparer.Ordinal);
                return keys.All(k => Equivalent(x[k], y[k]));
            default:
                return false;
        }
    }

    private static bool IsEmpty(Node? node) => node switch
    {
        null => true,
        ScalarNode s => s.IsNull,
        SequenceNode s => s.Items.IsEmpty,
        MappingNode m => m.Entries.IsEmpty,
        _ => false,
    };

    /// <summary>A short one-line rendering of a value for a message (flow style, cut at <paramref name="max"/> characters).</summary>
    public static string Render(Node? node, int max = 90)
    {
        if (IsEmpty(node))
        {
            return "nothing";
        }

        var text = new StringBuilder();
        Append(node!, text);
        return text.Length <= max ? text.ToString() : text.ToString(0, max - 3) + "...";
    }

    private static void Append(Node node, StringBuilder text)
    {
        switch (node)
        {
            case ScalarNode s:
                text.Append(s.Value);
                break;
            case SequenceNode s:
                text.Append('[');
                for (var i = 0; i < s.Items.Length; i++)
                {
                    text.Append(i > 0 ? ", " : string.Empty);
                    Append(s.Items[i], text);
                }

                text.Append(']');
                break;
            case MappingNode m:
                text.Append('{');
                var first = true;
                foreach (var entry in m.Entries.OrderBy(e => e.Key.Value, StringComparer.Ordinal))
                {
                    text.Append(first ? string.Empty : ", ").Append(entry.Key.Value).Append(": ");
                    Append(entry.Value, text);
                    first = false;
                }

                text.Append('}');
                break;
        }
    }
}
