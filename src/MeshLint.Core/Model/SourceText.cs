namespace MeshLint.Core.Model;

/// <summary>
/// A file's text with its line starts, to turn the parser's (line, column) marks into offsets. Lines are counted
/// exactly as YamlDotNet counts them (CR LF, CR, LF, NEL, LS and PS each end a line); columns are 1-based UTF-16
/// code units; an end column is exclusive.
/// </summary>
public sealed class SourceText
{
    private readonly List<int> lineStarts = [0];

    public SourceText(string text)
    {
        Text = text;
        string? firstBreak = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                firstBreak ??= "\r\n";
                i++;
                lineStarts.Add(i + 1);
            }
            else if (IsBreak(c))
            {
                firstBreak ??= c is '\r' or '\n' ? c.ToString() : null;
                lineStarts.Add(i + 1);
            }
        }

        LineBreak = firstBreak ?? "\n";
    }

    public string Text { get; }

    /// <summary>The file's own line break (its first CR LF, CR or LF); LF when it has none.</summary>
    public string LineBreak { get; }

    public int LineCount => lineStarts.Count;

    public bool EndsWithLineBreak => Text.Length > 0 && IsBreak(Text[^1]);

    public static bool IsBreak(char c) => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029';

    /// <summary>The offset of a 1-based (line, column); false when the position is not in the text.</summary>
    public bool TryGetOffset(int line, int column, out int offset)
    {
        offset = -1;
        if (line < 1 || line > lineStarts.Count || column < 1)
        {
            return false;
        }

        var start = lineStarts[line - 1];
        var contentEnd = start;
        while (contentEnd < Text.Length && !IsBreak(Text[contentEnd]))
        {
            contentEnd++;
        }

        if (start + column - 1 > contentEnd)
        {
            return false;
        }

        offset = start + column - 1;
        return true;
    }

    /// <summary>The 1-based (line, column) of an offset.</summary>
    public (int Line, int Column) PositionOf(int offset)
    {
        var index = lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - lineStarts[line] + 1);
    }

    /// <summary>Writes every line break in <paramref name="text"/> as this file's line break.</summary>
    public string WithFileLineBreaks(string text)
    {
        if (text.IndexOfAny(['\r', '\n']) < 0)
        {
            return text;
        }

        var unified = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return LineBreak == "\n" ? unified : unified.Replace("\n", LineBreak, StringComparison.Ordinal);
    }
}
