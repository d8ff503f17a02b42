using System.Collections.Immutable;
using MeshLint.Core.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MeshLint.Loading;

/// <summary>One YAML document as a located tree, or the error that stopped the stream.</summary>
internal sealed record ParsedDocument(int Index, Node? Root);

internal sealed record YamlParseError(string Message, SourceSpan Span);

/// <summary>
/// Builds <see cref="Node"/> trees straight from YamlDotNet's event stream: one pass, no intermediate
/// representation, an explicit stack instead of recursion so deep nesting cannot overflow the call stack.
/// </summary>
internal static class YamlTreeReader
{
    public static (List<ParsedDocument> Documents, YamlParseError? Error) Read(string text, string file)
    {
        var documents = new List<ParsedDocument>();
        var parser = new Parser(new Scanner(new StringReader(text), skipComments: true));
        var builder = new TreeBuilder(file);
        try
        {
            parser.Consume<StreamStart>();
            while (!parser.TryConsume<StreamEnd>(out _))
            {
                parser.Consume<DocumentStart>();
                var root = builder.ReadNode(parser);
                parser.Consume<DocumentEnd>();
                documents.Add(new ParsedDocument(documents.Count, root));
                builder.ResetAnchors();
            }

            return (documents, null);
        }
        catch (YamlException ex)
        {
            // The problem is at End; Start is where the construct that failed began (reported as context by YamlDotNet).
            var span = new SourceSpan(file, (int)ex.End.Line, (int)ex.End.Column, (int)ex.End.Line, (int)ex.End.Column + 1);
            var message = CleanMessage(ex);
            if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstTabIndent(text, (int)ex.Start.Line) is { } tabLine)
            {
                // YamlDotNet marks a tab-indentation error at the start of the enclosing mapping; point at the tab.
                span = new SourceSpan(file, tabLine.Line, tabLine.Column, tabLine.Line, tabLine.Column + 1);
            }

            return (documents, new YamlParseError(message, span));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this on some unterminated flow collections instead of a YamlException.
            var mark = parser.Current?.End ?? Mark.Empty;
            var line = Math.Max(1, (int)mark.Line);
            var column = Math.Max(1, (int)mark.Column);
            return (documents, new YamlParseError("unexpected end of a flow collection ([...] or {...}); a closing bracket is missing", new SourceSpan(file, line, column, line, column + 1)));
        }
    }

    private static (int Line, int Column)? FirstTabIndent(string text, int fromLine)
    {
        var line = 1;
        var column = 1;
        var inIndent = true;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                line++;
                column = 1;
                inIndent = true;
                continue;
            }

            if (line >= fromLine && inIndent && c == '\t')
            {
                return (line, column);
            }

            inIndent = inIndent && c == ' ';
            column++;
        }

        return null;
    }

    private static string CleanMessage(YamlException ex)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the position is reported separately.
        var message = ex.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && marker > 0)
        {
            message = message[(marker + 3)..];
        }

        return message.Trim().TrimEnd('.');
    }

    private sealed class TreeBuilder(string file)
    {
        private readonly Dictionary<string, Node> anchors = new(StringComparer.Ordinal);

        public void ResetAnchors() => anchors.Clear();

        private SourceSpan Span(ParsingEvent start, ParsingEvent end) =>
            new(file, (int)start.Start.Line, (int)start.Start.Column, (int)end.End.Line, (int)end.End.Column);

        public Node? ReadNode(IParser parser)
        {
            // Frames of the containers being built; a finished node is handed to the frame below it.
            var stack = new Stack<Frame>();
            Node? finished;
            while (true)
            {
                var ev = parser.Current ?? throw new YamlException("Unexpected end of YAML stream");
                parser.MoveNext();
                switch (ev)
                {
                    case Scalar scalar:
                        {
                            var style = scalar.Style switch
                            {
                                YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted => Core.Model.ScalarStyle.Quoted,
                                YamlDotNet.Core.ScalarStyle.Literal or YamlDotNet.Core.ScalarStyle.Folded => Core.Model.ScalarStyle.Block,
                                _ => Core.Model.ScalarStyle.Plain,
                            };
                            var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
                            if (tag is "tag:yaml.org,2002:str" or "!!str")
                            {
                                style = Core.Model.ScalarStyle.Quoted;
                            }

                            finished = new ScalarNode(scalar.Value, style, Span(scalar, scalar), tag);
                            Remember(scalar.Anchor, finished);
                            break;
                        }

                    case AnchorAlias alias:
                        if (!anchors.TryGetValue(alias.Value.Value, out var target))
                        {
                            throw new YamlException(alias.Start, alias.End, $"Alias *{alias.Value.Value} refers to no anchor");
                        }

                        finished = target;
                        break;

                    case SequenceStart sequenceStart:
                        stack.Push(new Frame(sequenceStart, isMapping: false));
                        continue;

                    case MappingStart mappingStart:
                        stack.Push(new Frame(mappingStart, isMapping: true));
                        continue;

                    case SequenceEnd sequenceEnd:
                        {
                            var frame = stack.Pop();
                            finished = new SequenceNode(frame.Items.ToImmutable(), Span(frame.Start, sequenceEnd), frame.Start is SequenceStart { Style: SequenceStyle.Flow });
                            Remember(((NodeEvent)frame.Start).Anchor, finished);
                            break;
                        }

                    case MappingEnd mappingEnd:
                        {
                            var frame = stack.Pop();
                            finished = new MappingNode(frame.BuildEntries(), Span(frame.Start, mappingEnd), frame.Start is MappingStart { Style: MappingStyle.Flow });
                            Remember(((NodeEvent)frame.Start).Anchor, finished);
                            break;
                        }

                    default:
                        throw new YamlException(ev.Start, ev.End, $"Unexpected {ev.GetType().Name} in YAML stream");
                }

                if (stack.Count == 0)
                {
                    return finished;
                }

                stack.Peek().Add(finished);
            }
        }

        private void Remember(AnchorName anchor, Node node)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = node;
            }
        }
    }

    private sealed class Frame(ParsingEvent start, bool isMapping)
    {
        private ScalarNode? pendingKey;
        private List<KeyValuePair<ScalarNode, Node>>? merged;

        public ParsingEvent Start { get; } = start;

        public ImmutableArray<Node>.Builder Items { get; } = ImmutableArray.CreateBuilder<Node>();

        private ImmutableArray<KeyValuePair<ScalarNode, Node>>.Builder Entries { get; } = ImmutableArray.CreateBuilder<KeyValuePair<ScalarNode, Node>>();

        public void Add(Node node)
        {
            if (!isMapping)
            {
                Items.Add(node);
                return;
            }

            if (pendingKey is null)
            {
                // Complex keys (maps or lists as keys) have no meaning in Kubernetes objects; keep their text position.
                pendingKey = node as ScalarNode ?? new ScalarNode(string.Empty, Core.Model.ScalarStyle.Quoted, node.Span);
                return;
            }

            if (pendingKey.Value == "<<" && pendingKey.Style == Core.Model.ScalarStyle.Plain && node is MappingNode or SequenceNode)
            {
                // YAML merge key: the merged entries come first so explicit keys (read last-wins) override them.
                merged ??= [];
                foreach (var source in node is SequenceNode seq ? seq.Items : [node])
                {
                    if (source is MappingNode map)
                    {
                        merged.AddRange(map.Entries);
                    }
                }
            }
            else
            {
                Entries.Add(new KeyValuePair<ScalarNode, Node>(pendingKey, node));
            }

            pendingKey = null;
        }

        public ImmutableArray<KeyValuePair<ScalarNode, Node>> BuildEntries()
        {
            if (merged is null)
            {
                return Entries.ToImmutable();
            }

            var all = ImmutableArray.CreateBuilder<KeyValuePair<ScalarNode, Node>>(merged.Count + Entries.Count);
            all.AddRange(merged);
            all.AddRange(Entries);
            return all.ToImmutable();
        }
    }
}
