using MeshLint.Core.Model;

namespace MeshLint.Core.Rules;

/// <summary>
/// Builders for the edits of a mechanical fix. They only see the located tree, not the text; the engine checks each
/// edit against the file (and writes quotes and line breaks the way the file does) before anything uses it.
/// </summary>
public static class FixEdits
{
    /// <summary>Replace the value of the scalar at <paramref name="scalar"/>, keeping its quoting style.</summary>
    public static Replacement SetScalar(SourceSpan scalar, string value) => new(scalar, value) { Kind = ReplacementKind.ScalarValue };

    public static Replacement SetScalar<T>(Located<T> scalar, string value) => SetScalar(scalar.Span, value);

    /// <summary>
    /// Adds <c>key: value</c> as the last entry of a block mapping, on a line of its own at the mapping's
    /// indentation, after everything the last entry holds. Null when the mapping cannot be extended that way with
    /// certainty: flow style (<c>{a: 1}</c>), empty, holding merged (<c>&lt;&lt;</c>) entries written elsewhere, or
    /// ending in a block scalar (<c>|</c>, <c>&gt;</c>), whose end the parser marks on a later line.
    /// </summary>
    public static Replacement? AddEntry(MappingNode map, string key, string value)
    {
        if (map.IsFlow || map.Entries.IsEmpty || !map.Span.IsKnown)
        {
            return null;
        }

        var column = map.Span.StartColumn;
        var previousLine = 0;
        foreach (var (entryKey, _) in map.Entries)
        {
            // Every key of a block mapping starts in the mapping's column, one per line, in order; merged entries do not.
            if (entryKey.Span.StartColumn != column || entryKey.Span.StartLine <= previousLine || entryKey.Span.StartLine < map.Span.StartLine ||
                entryKey.Span.File != map.Span.File)
            {
                return null;
            }

            previousLine = entryKey.Span.StartLine;
        }

        if (LastLine(map.Entries[^1].Value, previousLine) is not { } lastLine)
        {
            return null;
        }

        var line = new string(' ', column - 1) + YamlScalars.Format(key) + ": " + YamlScalars.Format(value) + "\n";
        var at = new SourceSpan(map.Span.File, lastLine + 1, 1, lastLine + 1, 1);
        return new Replacement(at, line);
    }

    /// <summary>The last line a block node's text occupies; null when the parser's marks do not say it exactly.</summary>
    private static int? LastLine(Node node, int keyLine)
    {
        while (true)
        {
            if (node.Span.StartLine < keyLine)
            {
                // An alias: the node is written where its anchor is, not here.
                return null;
            }

            switch (node)
            {
                case ScalarNode scalar:
                    return scalar.Style == ScalarStyle.Block ? null : scalar.Span.EndLine;
                case MappingNode { IsFlow: true } or SequenceNode { IsFlow: true }:
                    return node.Span.EndLine;
                case MappingNode map when !map.Entries.IsEmpty:
                    node = map.Entries[^1].Value;
                    break;
                case SequenceNode sequence when !sequence.Items.IsEmpty:
                    node = sequence.Items[^1];
                    break;
                default:
                    return null;
            }
        }
    }
}
