using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using static MeshLint.Loading.ReaderLimits;

namespace MeshLint.Loading;

/// <summary>
/// Reads JSON (a file, or several values one after another as <c>kubectl get -o json</c> streams print them) into
/// the same located <see cref="Node"/> tree as YAML, with System.Text.Json: exact JSON grammar, fast, and
/// positions in lines and UTF-16 columns like the YAML reader's. Strings are quoted scalars; numbers, booleans and
/// null are plain, so type checks read them as YAML would.
/// </summary>
internal static class JsonTreeReader
{
    /// <summary>True when the text starts like JSON (an object or an array), so stdin can be read as JSON first.</summary>
    public static bool LooksLikeJson(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c != '\uFEFF')
            {
                return c is '{' or '[';
            }
        }

        return false;
    }

    public static ReadResult Read(string text, string file, int maxDepth)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var positions = new PositionMap(bytes);
        var documents = new List<ParsedDocument>();
        var builder = new Builder(file, positions, maxDepth);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            AllowMultipleValues = true,
            CommentHandling = JsonCommentHandling.Disallow,
            MaxDepth = maxDepth + 2,
        });
        try
        {
            while (reader.Read())
            {
                var root = builder.ReadValue(ref reader);
                documents.Add(new ParsedDocument(documents.Count, root, builder.TakeDiagnostics()));
            }

            return new ReadResult(documents, null, null);
        }
        catch (ReadStoppedException ex)
        {
            return new ReadResult(documents, ex.ToFinding(), null);
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = positions.ColumnOf(line, (int)(ex.BytePositionInLine ?? 0));
            var message = CleanMessage(ex.Message);
            if (builder.InnermostOpen is { } open && positions.IsAtEnd(line, column))
            {
                // The file ended inside an object or array: point at the one left open.
                (line, column) = open;
                message = "the file ends before this object or array is closed";
            }

            var span = new SourceSpan(file, line, column, line, column + 1);
            var finding = new Finding(ToolRules.ParseError.Id, ToolRules.ParseError.DefaultSeverity, $"JSON syntax error: {message}.", span, null);
            return new ReadResult(documents, finding, null);
        }
    }

    private static string CleanMessage(string message)
    {
        // "... LineNumber: 3 | BytePositionInLine: 4." -- the position is reported separately.
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (at > 0)
        {
            message = message[..at];
        }

        // The quoted fragment is a character of the file; files may hold secrets, so it is left out.
        var quote = message.IndexOf('\'', StringComparison.Ordinal);
        var close = quote >= 0 ? message.IndexOf('\'', quote + 1) : -1;
        if (quote >= 0 && close > quote)
        {
            message = string.Concat(message.AsSpan(0, quote), "a character", message.AsSpan(close + 1));
        }

        return message.Trim().TrimEnd('.');
    }

    private sealed class Builder(string file, PositionMap positions, int maxDepth)
    {
        private readonly Stack<Frame> stack = new();
        private List<Finding>? diagnostics;
        private int duplicates;

        public (int Line, int Column)? InnermostOpen => stack.TryPeek(out var frame) ? frame.Start : null;

        public List<Finding>? TakeDiagnostics()
        {
            var taken = diagnostics;
            diagnostics = null;
            return taken;
        }

        /// <summary>Reads the value the reader is on, iteratively: nesting cannot overflow the call stack.</summary>
        public Node ReadValue(ref Utf8JsonReader reader)
        {
            stack.Clear();
            while (true)
            {
                Node finished;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        {
                            var start = positions.At(reader.TokenStartIndex);
                            if (stack.Count >= maxDepth)
                            {
                                throw new ReadStoppedException(
                                    ToolRules.NestingTooDeep,
                                    $"Objects and arrays nest deeper than {maxDepth.ToString(CultureInfo.InvariantCulture)} levels here; the rest of the file was not checked.",
                                    new SourceSpan(file, start.Line, start.Column, start.Line, start.Column + 1));
                            }

                            stack.Push(new Frame(reader.TokenType == JsonTokenType.StartObject, start));
                            Advance(ref reader);
                            continue;
                        }

                    case JsonTokenType.PropertyName:
                        {
                            var key = new ScalarNode(ReadString(ref reader), Core.Model.ScalarStyle.Quoted, StringSpan(ref reader));
                            stack.Peek().SetKey(key, this);
                            Advance(ref reader);
                            continue;
                        }

                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        {
                            var frame = stack.Pop();
                            var end = positions.At(reader.TokenStartIndex + 1);
                            var span = new SourceSpan(file, frame.Start.Line, frame.Start.Column, end.Line, end.Column);
                            finished = frame.IsObject ? new MappingNode(frame.Entries.ToImmutable(), span, isFlow: true) : new SequenceNode(frame.Items.ToImmutable(), span, isFlow: true);
                            break;
                        }

                    case JsonTokenType.String:
                        finished = new ScalarNode(ReadString(ref reader), Core.Model.ScalarStyle.Quoted, StringSpan(ref reader));
                        break;

                    case JsonTokenType.Number:
                    case JsonTokenType.True:
                    case JsonTokenType.False:
                    case JsonTokenType.Null:
                        {
                            var raw = Encoding.UTF8.GetString(reader.ValueSpan);
                            finished = new ScalarNode(raw, Core.Model.ScalarStyle.Plain, RawSpan(reader.TokenStartIndex, reader.ValueSpan.Length));
                            break;
                        }

                    default:
                        throw new JsonException($"Unexpected {reader.TokenType} token");
                }

                if (stack.Count == 0)
                {
                    return finished;
                }

                stack.Peek().Add(finished);
                Advance(ref reader);
            }
        }

        private string ReadString(ref Utf8JsonReader reader)
        {
            try
            {
                return reader.GetString()!;
            }
            catch (InvalidOperationException)
            {
                // The grammar allows "\ud800" but it decodes to no text: a lone surrogate.
                var at = StringSpan(ref reader);
                throw new ReadStoppedException(ToolRules.ParseError, "JSON syntax error: a string escapes half of a UTF-16 surrogate pair (\\uD800-\\uDFFF), which is no character.", at with { EndLine = at.StartLine, EndColumn = at.StartColumn + 1 });
            }
        }

        private static void Advance(ref Utf8JsonReader reader)
        {
            if (!reader.Read())
            {
                throw new JsonException("The JSON value is incomplete: the file ends inside an object or array.");
            }
        }

        private SourceSpan StringSpan(ref Utf8JsonReader reader) =>
            RawSpan(reader.TokenStartIndex, (reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length) + 2);

        private SourceSpan RawSpan(long startIndex, int length)
        {
            var start = positions.At(startIndex);
            var end = positions.At(startIndex + length);
            return new SourceSpan(file, start.Line, start.Column, end.Line, end.Column);
        }

        public void DuplicateKey(ScalarNode key, ScalarNode first)
        {
            // A hostile file can repeat a key a million times: report the first ones, not a million findings.
            if (++duplicates > DuplicateKeyReportLimit)
            {
                return;
            }

            var more = duplicates == DuplicateKeyReportLimit ? "; further duplicate keys in this file are not reported" : string.Empty;
            diagnostics ??= [];
            diagnostics.Add(new Finding(
                ToolRules.DuplicateKey.Id,
                ToolRules.DuplicateKey.DefaultSeverity,
                $"Key '{Shorten(key.Value)}' appears again in this object (first at line {first.Span.StartLine.ToString(CultureInfo.InvariantCulture)}); MeshLint reads the last value{more}.",
                key.Span,
                null));
        }
    }

    private sealed class Frame(bool isObject, (int Line, int Column) start)
    {
        private ScalarNode? pendingKey;
        private Dictionary<string, ScalarNode>? keys;

        public bool IsObject { get; } = isObject;

        public (int Line, int Column) Start { get; } = start;

        public ImmutableArray<Node>.Builder Items { get; } = ImmutableArray.CreateBuilder<Node>();

        public ImmutableArray<KeyValuePair<ScalarNode, Node>>.Builder Entries { get; } = ImmutableArray.CreateBuilder<KeyValuePair<ScalarNode, Node>>();

        public void SetKey(ScalarNode key, Builder builder)
        {
            keys ??= new Dictionary<string, ScalarNode>(StringComparer.Ordinal);
            if (!keys.TryAdd(key.Value, key))
            {
                builder.DuplicateKey(key, keys[key.Value]);
            }

            pendingKey = key;
        }

        public void Add(Node node)
        {
            if (IsObject)
            {
                Entries.Add(new KeyValuePair<ScalarNode, Node>(pendingKey!, node));
                pendingKey = null;
            }
            else
            {
                Items.Add(node);
            }
        }
    }

    /// <summary>
    /// Byte offsets to 1-based lines and UTF-16 columns. Tokens arrive in order, so a cursor moving forward makes
    /// the whole file cost one pass, however long its lines.
    /// </summary>
    private sealed class PositionMap(byte[] bytes)
    {
        private long offset;
        private int line = 1;
        private int column = 1;

        public (int Line, int Column) At(long target)
        {
            if (target < offset)
            {
                offset = 0;
                line = 1;
                column = 1;
            }

            for (; offset < target && offset < bytes.Length; offset++)
            {
                var b = bytes[offset];
                if (b == (byte)'\n')
                {
                    line++;
                    column = 1;
                }
                else if ((b & 0xC0) != 0x80)
                {
                    // A lead byte: four-byte sequences are surrogate pairs, two UTF-16 code units.
                    column += b >= 0xF0 ? 2 : 1;
                }
            }

            return (line, column);
        }

        /// <summary>True when only whitespace follows the position (the file ended there).</summary>
        public bool IsAtEnd(int targetLine, int targetColumn)
        {
            var i = LineStart(targetLine);
            for (var column = 1; i < bytes.Length && column < targetColumn && bytes[i] != (byte)'\n'; i++)
            {
                column += (bytes[i] & 0xC0) != 0x80 ? 1 : 0;
            }

            for (; i < bytes.Length; i++)
            {
                if (bytes[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    return false;
                }
            }

            return true;
        }

        private int LineStart(int targetLine)
        {
            var current = 1;
            var i = 0;
            while (current < targetLine && i < bytes.Length)
            {
                if (bytes[i++] == (byte)'\n')
                {
                    current++;
                }
            }

            return current < targetLine ? bytes.Length : i;
        }

        /// <summary>The UTF-16 column of a byte position within a line (for error positions).</summary>
        public int ColumnOf(int targetLine, int bytePosition)
        {
            var i = LineStart(targetLine);
            var column = 1;
            for (var end = Math.Min(bytes.Length, i + bytePosition); i < end; i++)
            {
                if ((bytes[i] & 0xC0) != 0x80)
                {
                    column += bytes[i] >= 0xF0 ? 2 : 1;
                }
            }

            return column;
        }
    }
}
