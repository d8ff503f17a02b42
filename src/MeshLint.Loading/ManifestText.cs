using System.Globalization;
using System.Text;
using System.Text.Unicode;
using MeshLint.Core.Model;

namespace MeshLint.Loading;

/// <summary>Text-level facts about a file: its encoding, whether it is a template, where its Secret values are.</summary>
internal static class ManifestText
{
    private const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>UTF-8 (with or without BOM) and UTF-16 with a BOM; anything else is reported, never guessed.</summary>
    public static bool TryDecode(byte[] bytes, int length, out string text, out string problem, out (int Line, int Column) at)
    {
        text = string.Empty;
        problem = string.Empty;
        at = (1, 1);
        var span = bytes.AsSpan(0, length);
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) || span.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            problem = "is UTF-32 text; save it as UTF-8";
            return false;
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            var bigEndian = span[0] == 0xFE;
            try
            {
                text = new UnicodeEncoding(bigEndian, byteOrderMark: false, throwOnInvalidBytes: true).GetString(span[2..]);
                return true;
            }
            catch (DecoderFallbackException)
            {
                problem = "starts with a UTF-16 byte-order mark but is not valid UTF-16; save it as UTF-8";
                return false;
            }
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }

        var nul = span.IndexOf((byte)0);
        if (nul >= 0)
        {
            at = Position(span, nul);
            problem = LooksLikeUtf16(span)
                ? "looks like UTF-16 text without a byte-order mark; save it as UTF-8"
                : $"is binary (a NUL byte at line {at.Line.ToString(CultureInfo.InvariantCulture)}), not a YAML or JSON manifest; rename it or leave it out of the paths checked";
            return false;
        }

        var chars = new char[span.Length];
        var status = Utf8.ToUtf16(span, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status != System.Buffers.OperationStatus.Done)
        {
            at = Position(span, read);
            problem = $"is not valid UTF-8 (byte 0x{span[Math.Min(read, span.Length - 1)]:X2} at line {at.Line.ToString(CultureInfo.InvariantCulture)}, column {at.Column.ToString(CultureInfo.InvariantCulture)}); save it as UTF-8";
            return false;
        }

        text = new string(chars, 0, written);
        return true;
    }

    private static bool LooksLikeUtf16(ReadOnlySpan<byte> span)
    {
        var sample = span[..Math.Min(span.Length, 512)];
        var zeros = 0;
        for (var i = 0; i < sample.Length; i++)
        {
            zeros += sample[i] == 0 ? 1 : 0;
        }

        return sample.Length >= 4 && zeros * 3 >= sample.Length;
    }

    private static (int Line, int Column) Position(ReadOnlySpan<byte> span, int offset)
    {
        var before = span[..Math.Min(offset, span.Length)];
        var line = before.Count((byte)'\n') + 1;
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var column = Encoding.UTF8.GetCharCount(before[lineStart..]) + 1;
        return (line, column);
    }

    /// <summary>
    /// The line of the first Go template action or Terraform template directive that is not inside a comment or a
    /// quoted value: a line starting with <c>{{</c> or <c>%{</c> (or <c>- {{</c>), or a value starting with one. Quoted <c>"{{ $labels.x }}"</c> values, as
    /// Prometheus and Argo use, are valid YAML and are not templates.
    /// </summary>
    public static int? TemplateActionLine(string text)
    {
        var line = 0;
        var start = 0;
        while (start <= text.Length)
        {
            line++;
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            var content = text.AsSpan(start, end - start);
            if ((content.Contains("{{", StringComparison.Ordinal) || content.Contains("%{", StringComparison.Ordinal)) && IsTemplateLine(content))
            {
                return line;
            }

            start = end + 1;
        }

        return null;
    }

    private static bool IsTemplateLine(ReadOnlySpan<char> line)
    {
        var trimmed = line.TrimStart();
        if (IsAction(trimmed) || (trimmed.StartsWith("- ", StringComparison.Ordinal) && IsAction(trimmed[2..].TrimStart())))
        {
            return true;
        }

        var single = false;
        var dual = false;
        for (var i = 0; i < line.Length - 2; i++)
        {
            var c = line[i];
            if (c == '#' && !single && !dual && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return false;
            }

            single ^= c == '\'' && !dual;
            dual ^= c == '"' && !single && (i == 0 || line[i - 1] != '\\');
            if (!single && !dual && c == ':' && char.IsWhiteSpace(line[i + 1]) && IsAction(line[(i + 1)..].TrimStart()))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when 1-based line <paramref name="line"/> of <paramref name="text"/> holds a Terraform directive (<c>%{</c>) and no Go action.</summary>
    public static bool IsTerraformDirectiveLine(string text, int line)
    {
        var content = text.Split('\n').ElementAtOrDefault(line - 1) ?? string.Empty;
        return content.Contains("%{", StringComparison.Ordinal) && !content.Contains("{{", StringComparison.Ordinal);
    }

    /// <summary>A Go template action (<c>{{ ... }}</c>) or a Terraform <c>templatefile</c> directive (<c>%{ if ... }</c>).</summary>
    private static bool IsAction(ReadOnlySpan<char> text) =>
        text.StartsWith("{{", StringComparison.Ordinal) || text.StartsWith("%{", StringComparison.Ordinal);

    /// <summary>Spans of every Secret value in a document (data, stringData, the last-applied annotation), Lists included.</summary>
    public static void CollectSecretValueSpans(Node? root, List<SourceSpan> spans)
    {
        var pending = new Stack<Node>();
        if (root is not null)
        {
            pending.Push(root);
        }

        while (pending.Count > 0)
        {
            if (pending.Pop() is not MappingNode map || map["kind"] is not ScalarNode { Value: { } kind })
            {
                continue;
            }

            if (kind == "Secret")
            {
                foreach (var field in new[] { "data", "stringData" })
                {
                    switch (map[field])
                    {
                        case MappingNode data:
                            foreach (var entry in data.Entries)
                            {
                                spans.Add(entry.Value.Span);
                            }

                            break;
                        case { } other:
                            spans.Add(other.Span);
                            break;
                    }
                }

                if ((map["metadata"] as MappingNode)?["annotations"] is MappingNode annotations && annotations[LastApplied] is { } applied)
                {
                    spans.Add(applied.Span);
                }
            }
            else if (map["items"] is SequenceNode items && kind.EndsWith("List", StringComparison.Ordinal))
            {
                foreach (var item in items.Items)
                {
                    pending.Push(item);
                }
            }
        }
    }

    /// <summary>True when the text may declare a Secret, so text that could not be parsed is not kept.</summary>
    public static bool MayHoldSecret(string text) => text.Contains("Secret", StringComparison.Ordinal);

    /// <summary>The text with every character in <paramref name="spans"/> (end exclusive) but line breaks replaced by '*'.</summary>
    public static string Mask(string text, List<SourceSpan> spans)
    {
        if (spans.Count == 0)
        {
            return text;
        }

        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        var chars = text.ToCharArray();
        foreach (var span in spans)
        {
            var from = Offset(lineStarts, text.Length, span.StartLine, span.StartColumn);
            var to = Offset(lineStarts, text.Length, span.EndLine, span.EndColumn);
            for (var i = from; i < to; i++)
            {
                if (chars[i] is not ('\n' or '\r'))
                {
                    chars[i] = '*';
                }
            }
        }

        return new string(chars);
    }

    private static int Offset(List<int> lineStarts, int length, int line, int column)
    {
        if (line < 1)
        {
            return 0;
        }

        if (line > lineStarts.Count)
        {
            return length;
        }

        return Math.Clamp(lineStarts[line - 1] + column - 1, 0, length);
    }
}
