using System.Text;
using MeshLint.Core.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace MeshLint.Loading;

/// <summary>
/// The text YamlDotNet reads, with a workaround for its rejecting valid block scalars whose first lines hold only
/// spaces. YAML 1.2 §8.1.1.1 lets the leading empty lines of a block scalar hold spaces, no more than its first content
/// line has (any number when it has no content), and each is a line break whatever it holds; editors leave such lines,
/// as in Istio's samples/addons/loki.yaml. With an indentation indicator (<c>|2</c>), a first line with more spaces than
/// the indentation is content: those extra spaces. YamlDotNet 18 rejects a literal block whose first line holds two
/// spaces or more beyond what it has read as indentation ("found extra spaces in first line", a check meant for
/// yaml-test-suite W9L4; aaubry/YamlDotNet#523) and a folded block without content whose empty lines hold more spaces
/// than the line after it ("found more spaces in lines above first content line").
/// <para>
/// On either error the text is read again with that block's leading lines emptied, which changes no value, or, for a
/// first content line of spaces, with those spaces written as placeholders that are turned back into spaces in the
/// value. No line break is removed and only spaces of lines that are then empty are, so every line keeps its number
/// and every character left keeps its column: the lines and columns YamlDotNet reports in <see cref="Text"/> are
/// positions in the file, and offsets computed from them in the file's own text are exact. An emptied line's only
/// position left is its column 1, where it starts in the file too; the line after it, always there, is never emptied.
/// </para>
/// <para>
/// What the spec forbids stays an error: reading the block again shows whether the line after its leading lines is
/// its first content line (the block goes on past that line's start) and, if a leading line had more spaces than that
/// line, the block is put back as written and the text read once more, so YamlDotNet reports its own error at its own
/// mark.
/// </para>
/// </summary>
internal sealed class BlockScalarLeadingLines
{
    /// <summary>
    /// Each block costs one more reading of the whole text; this bounds the characters read again, so a hostile file
    /// made of such blocks stays a few readings (a 16 MB file is read again at most 4 times).
    /// </summary>
    private const long RereadBudget = 64L * 1024 * 1024;

    /// <summary>Stands for a space of a first content line; any character YamlDotNet reads as content would do.</summary>
    private const char Placeholder = 'x';

    private readonly string original;

    // By the line of the block's header ('|' or '>').
    private readonly Dictionary<int, Block> blocks = [];
    private readonly HashSet<int> rejected = [];

    // By line: the spaces removed (no placeholders) or written as placeholders after the first Kept characters.
    private readonly SortedDictionary<int, LineEdit> edits = [];
    private SourceText? lines;
    private int rereads;

    public BlockScalarLeadingLines(string text)
    {
        original = text;
        Text = text;
    }

    /// <summary>The text to give YamlDotNet: the file's text with the edited lines.</summary>
    public string Text { get; private set; }

    /// <summary>True when an error was left as it is because the text has been read again as often as the budget allows.</summary>
    public bool BudgetSpent { get; private set; }

    public IScanner CreateScanner(bool skipComments)
    {
        var scanner = new Scanner(new StringReader(Text), skipComments);
        return blocks.Count == 0 ? scanner : new CheckingScanner(scanner, blocks);
    }

    /// <summary>
    /// True when <see cref="Text"/> was changed on <paramref name="error"/> and must be read again: a block's first
    /// lines edited on YamlDotNet's error, or put back as written when the block turned out invalid. False for any
    /// other error.
    /// </summary>
    public bool TryRepair(YamlException error)
    {
        if (error is InvalidBlockException invalid)
        {
            rejected.Add(invalid.HeaderLine);
            foreach (var line in blocks[invalid.HeaderLine].Lines)
            {
                edits.Remove(line);
            }

            blocks.Remove(invalid.HeaderLine);
            Text = Rebuild();
            return true;
        }

        // YamlDotNet marks the line after the leading lines, from its start (Start) to where it stopped reading
        // indentation (End).
        if (error is not SemanticErrorException || !IsLeadingLinesError(error.Message) || error.Start.Column != 1 || error.Start.Line != error.End.Line)
        {
            return false;
        }

        lines ??= new SourceText(original);
        var next = (int)error.Start.Line;
        if (next > lines.LineCount)
        {
            return false;
        }

        var header = next - 1;
        var mostSpaces = 0;
        var leading = new List<int>();
        while (header >= 1 && SpaceOnly(header) is { } spaces)
        {
            mostSpaces = Math.Max(mostSpaces, spaces);
            if (spaces > 0)
            {
                leading.Add(header);
            }

            header--;
        }

        if (header < 1 || blocks.ContainsKey(header) || rejected.Contains(header))
        {
            return false;
        }

        var indentation = (int)error.End.Column - 1;
        Block block;
        if (leading.Count > 0)
        {
            block = new Block(leading, next, LeadingSpaces(next), mostSpaces, SpacedContent: 0);
        }
        else if (header == next - 1 && SpaceOnly(next) is { } firstLineSpaces && firstLineSpaces >= indentation + 2)
        {
            // YamlDotNet's error when an indentation indicator sets the indentation below the first line's spaces.
            block = new Block([next], next, firstLineSpaces, firstLineSpaces, SpacedContent: firstLineSpaces - indentation);
        }
        else
        {
            return false;
        }

        if ((rereads + 1L) * original.Length > RereadBudget)
        {
            BudgetSpent = true;
            return false;
        }

        rereads++;
        blocks[header] = block;
        foreach (var line in block.Lines)
        {
            edits[line] = block.SpacedContent == 0 ? new LineEdit(0, LeadingSpaces(line), null) : new LineEdit(indentation, block.SpacedContent, Placeholder);
        }

        Text = Rebuild();
        return true;
    }

    private static bool IsLeadingLinesError(string message) =>
        message.EndsWith("found extra spaces in first line.", StringComparison.Ordinal) ||
        message.EndsWith("found more spaces in lines above first content line.", StringComparison.Ordinal);

    private int LineStart(int line)
    {
        lines!.TryGetOffset(line, 1, out var start);
        return start;
    }

    private int LeadingSpaces(int line)
    {
        var start = LineStart(line);
        var end = start;
        while (end < original.Length && original[end] == ' ')
        {
            end++;
        }

        return end - start;
    }

    /// <summary>The number of spaces of a line made of spaces only (or nothing); null for any other line.</summary>
    private int? SpaceOnly(int line)
    {
        var spaces = LeadingSpaces(line);
        var end = LineStart(line) + spaces;
        return end == original.Length || SourceText.IsBreak(original[end]) ? spaces : null;
    }

    private string Rebuild()
    {
        var rebuilt = new StringBuilder(original.Length);
        var copied = 0;
        foreach (var (line, edit) in edits)
        {
            var start = LineStart(line) + edit.Kept;
            rebuilt.Append(original, copied, start - copied);
            if (edit.Placeholder is { } placeholder)
            {
                rebuilt.Append(placeholder, edit.Spaces);
            }

            copied = start + edit.Spaces;
        }

        return rebuilt.Append(original, copied, original.Length - copied).ToString();
    }

    /// <summary>On one line, after its first <see cref="Kept"/> characters, spaces removed or written as a placeholder.</summary>
    private readonly record struct LineEdit(int Kept, int Spaces, char? Placeholder);

    /// <summary>
    /// A block read with edited lines: those lines, the line after its leading lines and that line's spaces, the most
    /// spaces a leading line had, and how many spaces its value starts with that were written as placeholders.
    /// </summary>
    private sealed record Block(List<int> Lines, int NextLine, int NextLineSpaces, int MostSpaces, int SpacedContent)
    {
        /// <summary>
        /// Whether the block, read with its leading lines emptied, breaks the spec's rule: the line after them is its
        /// first content line (the block goes on past that line's start) and a leading line had more spaces.
        /// </summary>
        public bool IsBrokenBy(Scalar token)
        {
            var hasContent = token.End.Line > NextLine || (token.End.Line == NextLine && token.End.Column > 1);
            return hasContent && MostSpaces > NextLineSpaces;
        }

        /// <summary>The token with the value as written: placeholders at its start turned back into spaces.</summary>
        public Scalar WithSpaces(Scalar token) =>
            SpacedContent > 0 && token.Value.StartsWith(new string(Placeholder, SpacedContent), StringComparison.Ordinal)
                ? new Scalar(string.Concat(new string(' ', SpacedContent), token.Value.AsSpan(SpacedContent)), token.Style, token.Start, token.End)
                : token;
    }

    /// <summary>Raised by the scanner for an emptied block that turned out invalid, so that it is put back as written.</summary>
    private sealed class InvalidBlockException(Scalar token)
        : YamlException(token.Start, token.End, "A leading empty line of this block scalar has more spaces than its first content line")
    {
        public int HeaderLine { get; } = (int)token.Start.Line;
    }

    /// <summary>YamlDotNet's scanner, checking each edited block when it has read it and giving it its value as written.</summary>
    private sealed class CheckingScanner(Scanner scanner, Dictionary<int, Block> blocks) : IScanner
    {
        private Scalar? repaired;

        public Mark CurrentPosition => scanner.CurrentPosition;

        public Token? Current => repaired ?? scanner.Current;

        public bool MoveNext() => Checked(scanner.MoveNext());

        public bool MoveNextWithoutConsuming() => Checked(scanner.MoveNextWithoutConsuming());

        public void ConsumeCurrent()
        {
            repaired = null;
            scanner.ConsumeCurrent();
        }

        private bool Checked(bool moved)
        {
            repaired = null;
            if (moved && scanner.Current is Scalar { Style: YamlDotNet.Core.ScalarStyle.Literal or YamlDotNet.Core.ScalarStyle.Folded } token &&
                blocks.TryGetValue((int)token.Start.Line, out var block))
            {
                if (block.IsBrokenBy(token))
                {
                    throw new InvalidBlockException(token);
                }

                repaired = block.WithSpaces(token);
            }

            return moved;
        }
    }
}
