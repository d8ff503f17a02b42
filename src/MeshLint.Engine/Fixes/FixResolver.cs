using System.Collections.Immutable;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using MeshLint.Loading;

namespace MeshLint.Engine.Fixes;

/// <summary>
/// Turns the fixes rules propose into exact text edits, checked against the files they edit: a scalar value gets
/// the quotes the old scalar had, line breaks become the file's own, an insertion after the last line of a file
/// without a final line break gets one. A fix with an edit that does not fit the text (a span outside the file,
/// a "scalar" that is a block scalar, an anchor or an alias, edits that overlap) is dropped; the finding stays.
/// After this, every <see cref="Replacement"/> is <see cref="ReplacementKind.Text"/> and means exactly what it says,
/// for SARIF consumers and for <c>--fix</c> alike.
/// </summary>
public static class FixResolver
{
    public static ImmutableArray<Finding> Resolve(ImmutableArray<Finding> findings, ImmutableArray<SourceFile> files)
    {
        if (!findings.Any(f => !f.Fixes.IsDefaultOrEmpty))
        {
            return findings;
        }

        var texts = new Dictionary<string, SourceText>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            texts.TryAdd(file.Path, new SourceText(file.Text));
        }

        var builder = ImmutableArray.CreateBuilder<Finding>(findings.Length);
        foreach (var finding in findings)
        {
            if (finding.Fixes.IsDefaultOrEmpty)
            {
                builder.Add(finding);
                continue;
            }

            var resolved = finding.Fixes
                .Select(fix => Resolve(fix, texts))
                .OfType<Fix>()
                .ToImmutableArray();
            builder.Add(finding with { Fixes = resolved });
        }

        return builder.MoveToImmutable();
    }

    internal static Fix? Resolve(Fix fix, IReadOnlyDictionary<string, SourceText> texts)
    {
        if (fix.Replacements.IsDefaultOrEmpty)
        {
            return null;
        }

        var edits = new List<(string File, int Start, int End, Replacement Replacement)>();
        foreach (var replacement in fix.Replacements)
        {
            if (!texts.TryGetValue(replacement.Span.File, out var text) || text.Text.Length == 0 || Resolve(replacement, text) is not { } exact)
            {
                return null;
            }

            text.TryGetOffset(exact.Span.StartLine, exact.Span.StartColumn, out var start);
            text.TryGetOffset(exact.Span.EndLine, exact.Span.EndColumn, out var end);
            edits.Add((replacement.Span.File, start, end, exact));
        }

        // The edits of one fix are applied together, so they must not overlap each other.
        var ordered = edits.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Start).ThenBy(e => e.End).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            var (file, start, end, _) = ordered[i];
            var previous = ordered[i - 1];
            if (file == previous.File && (start < previous.End || (start == previous.Start && end == previous.End)))
            {
                return null;
            }
        }

        return fix with { Replacements = ordered.Select(e => e.Replacement).ToImmutableArray() };
    }

    internal static Replacement? Resolve(Replacement replacement, SourceText text)
    {
        var span = replacement.Span;
        if (span.StartLine > span.EndLine || (span.StartLine == span.EndLine && span.StartColumn > span.EndColumn))
        {
            return null;
        }

        var value = text.WithFileLineBreaks(replacement.Text);
        if (!text.TryGetOffset(span.StartLine, span.StartColumn, out var start) || !text.TryGetOffset(span.EndLine, span.EndColumn, out var end))
        {
            // An insertion at the start of the line after the last one, in a file that does not end with a line break.
            if (replacement.Kind == ReplacementKind.Text && span.StartLine == text.LineCount + 1 && span.StartColumn == 1 &&
                span.EndLine == span.StartLine && span.EndColumn == 1 && !text.EndsWithLineBreak)
            {
                var (line, column) = text.PositionOf(text.Text.Length);
                var inserted = text.LineBreak + (value.EndsWith(text.LineBreak, StringComparison.Ordinal) ? value[..^text.LineBreak.Length] : value);
                return new Replacement(new SourceSpan(span.File, line, column, line, column), inserted);
            }

            return null;
        }

        if (replacement.Kind == ReplacementKind.ScalarValue)
        {
            if (QuoteLike(text.Text[start..end], replacement.Text) is not { } written)
            {
                return null;
            }

            value = written;
        }

        return new Replacement(span, value);
    }

    /// <summary>The new value written the way the old scalar <paramref name="old"/> is written; null when it is not a lone scalar.</summary>
    private static string? QuoteLike(string old, string value)
    {
        if (old.Length == 0)
        {
            return null;
        }

        switch (old[0])
        {
            case '"':
                return old.Length >= 2 && old[^1] == '"' ? YamlScalars.DoubleQuoted(value) : null;
            case '\'':
                return old.Length >= 2 && old[^1] == '\'' ? YamlScalars.SingleQuoted(value) : null;
            case '|' or '>' or '&' or '*' or '!' or '[' or '{' or '#' or '-' when old.Length == 1 || old[0] != '-' || old[1] == ' ':
                // Block scalars, anchors, aliases, tags, collections, comments: not the bare scalar the edit claims.
                return null;
            default:
                if (old.Contains(" #", StringComparison.Ordinal) || old.Contains(": ", StringComparison.Ordinal))
                {
                    return null;
                }

                return YamlScalars.Format(value);
        }
    }
}
