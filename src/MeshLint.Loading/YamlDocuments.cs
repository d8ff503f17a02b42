using System.Collections.Immutable;
using MeshLint.Core.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace MeshLint.Loading;

/// <summary>A parsed YAML stream that is not a manifest (MeshLint's own configuration): document roots, or the error that stopped it.</summary>
public sealed record YamlStream(ImmutableArray<Node?> Documents, string? ErrorMessage, SourceSpan ErrorSpan);

/// <summary>A YAML comment: its text after the <c>#</c>, where it is, and whether code precedes it on its line.</summary>
public sealed record YamlComment(string Text, SourceSpan Span, bool IsInline);

/// <summary>YAML services for the rest of MeshLint, so that this assembly stays the only user of YamlDotNet.</summary>
public static class YamlDocuments
{
    /// <summary>Parses any YAML text into located trees, with the same reader manifests go through.</summary>
    public static YamlStream Parse(string text, string file)
    {
        var (documents, error) = YamlTreeReader.Read(text, file);
        return new YamlStream(documents.Select(d => d.Root).ToImmutableArray(), error?.Message, error?.Location ?? SourceSpan.None);
    }

    /// <summary>
    /// The comments of a YAML text, in order. Scanning stops quietly at a syntax error: the loader reports that error,
    /// and the comments before it are still found.
    /// </summary>
    public static ImmutableArray<YamlComment> Comments(string text, string file)
    {
        var comments = ImmutableArray.CreateBuilder<YamlComment>();
        if (!text.Contains('#', StringComparison.Ordinal))
        {
            return comments.ToImmutable();
        }

        // Scanned like manifests are read, so a valid block scalar YamlDotNet rejects for the spaces on its first lines
        // does not hide the comments after it (see BlockScalarLeadingLines): the text is scanned again from the start.
        var leadingLines = new BlockScalarLeadingLines(text);
        while (!TryScanComments(leadingLines, file, comments))
        {
            comments.Clear();
        }

        return comments.ToImmutable();
    }

    /// <summary>False when the text was changed on an error and must be scanned again.</summary>
    private static bool TryScanComments(BlockScalarLeadingLines leadingLines, string file, ImmutableArray<YamlComment>.Builder comments)
    {
        // YamlDotNet's scanner can repeat a token forever on some broken input when it keeps comments (found by the
        // fuzz test); every real token consumes text or closes a level, so a count far above the text's length means
        // it is stuck, and scanning stops there like at a syntax error.
        var budget = (4L * leadingLines.Text.Length) + 64;
        var scanner = leadingLines.CreateScanner(skipComments: false);
        try
        {
            while (budget-- > 0 && scanner.MoveNext())
            {
                if (scanner.Current is Comment comment)
                {
                    var span = new SourceSpan(file, (int)comment.Start.Line, (int)comment.Start.Column, (int)comment.End.Line, (int)comment.End.Column);
                    comments.Add(new YamlComment(comment.Value, span, comment.IsInline));
                }
            }
        }
        catch (YamlException e) when (leadingLines.TryRepair(e))
        {
            return false;
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner, keeping comments, also throws InvalidOperationException on some broken input
            // (found by the fuzz test); the comments found so far stand, as at a syntax error.
        }

        return true;
    }
}
