using System.Collections.Immutable;
using MeshLint.Core.Model;

namespace MeshLint.Loading.Mapping;

/// <summary>
/// YAML documents stored as strings inside a manifest (Istio's mesh config in a ConfigMap), parsed with spans that
/// point into the enclosing file so findings land on the right line.
/// </summary>
internal static class EmbeddedYaml
{
    /// <summary>
    /// Parses <paramref name="value"/> (the value of <paramref name="key"/>) as one YAML mapping. Lines of a block
    /// scalar (<c>mesh: |</c>) map exactly onto the file; columns assume the usual two-space indentation below the
    /// key, since YamlDotNet does not report a block scalar's indentation. A quoted or plain string cannot be mapped
    /// line by line, so every node of it gets the string's own span.
    /// </summary>
    public static MappingNode? ParseMapping(ScalarNode key, ScalarNode value)
    {
        var file = value.Span.File;
        var read = YamlTreeReader.Read(value.Value, file, LoadOptions.DefaultMaxDepth);
        if (read.Stop is not null || read.Documents.Count == 0 || read.Documents[0].Root is not MappingNode root)
        {
            return null;
        }

        Func<SourceSpan, SourceSpan> shift = value.Style == ScalarStyle.Block
            ? span => Shift(span, value.Span.StartLine, key.Span.StartColumn + 1)
            : _ => value.Span;
        return (MappingNode)Relocate(root, shift, new Dictionary<Node, Node>(ReferenceEqualityComparer.Instance));
    }

    private static SourceSpan Shift(SourceSpan span, int lineOffset, int columnOffset) =>
        span with
        {
            StartLine = span.StartLine + lineOffset,
            EndLine = span.EndLine + lineOffset,
            StartColumn = span.StartColumn + columnOffset,
            EndColumn = span.EndColumn + columnOffset,
        };

    /// <summary>
    /// Copies the tree with shifted spans. Aliased nodes are shared, so each is relocated once and stays shared:
    /// the copy is as small as the original, however many times an anchor is used (depth is bounded by the reader).
    /// </summary>
    private static Node Relocate(Node node, Func<SourceSpan, SourceSpan> shift, Dictionary<Node, Node> done)
    {
        if (done.TryGetValue(node, out var relocated))
        {
            return relocated;
        }

        relocated = node switch
        {
            ScalarNode s => new ScalarNode(s.Value, s.Style, shift(s.Span), s.Tag),
            SequenceNode q => new SequenceNode(q.Items.Select(i => Relocate(i, shift, done)).ToImmutableArray(), shift(q.Span), q.IsFlow),
            MappingNode m => new MappingNode(
                m.Entries.Select(e => new KeyValuePair<ScalarNode, Node>((ScalarNode)Relocate(e.Key, shift, done), Relocate(e.Value, shift, done))).ToImmutableArray(),
                shift(m.Span),
                m.IsFlow),
            _ => node,
        };
        done[node] = relocated;
        return relocated;
    }
}
