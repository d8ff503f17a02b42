using System.Collections.Immutable;
using System.Globalization;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using static MeshLint.Loading.ReaderLimits;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MeshLint.Loading;

/// <summary>One document as a located tree, with what reading it found wrong (duplicate keys).</summary>
internal sealed record ParsedDocument(int Index, Node? Root, List<Finding>? Diagnostics);

/// <summary>
/// The documents of one file, the finding that stopped reading it (a syntax error or a limit), and the line of
/// the first Go template action seen as YAML, if any.
/// </summary>
internal sealed record ReadResult(List<ParsedDocument> Documents, Finding? Stop, int? TemplateLine)
{
    public void Deconstruct(out List<ParsedDocument> documents, out Finding? stop)
    {
        documents = Documents;
        stop = Stop;
    }
}

/// <summary>A limit or an error met while reading: the file is reported with this finding and read no further.</summary>
internal sealed class ReadStoppedException(RuleDescriptor rule, string message, SourceSpan span) : Exception(message)
{
    public RuleDescriptor Rule { get; } = rule;

    public SourceSpan Span { get; } = span;

    public Finding ToFinding() => new(Rule.Id, Rule.DefaultSeverity, Message, Span, null);
}

/// <summary>
/// Builds <see cref="Node"/> trees straight from YamlDotNet's event stream: one pass, no intermediate
/// representation, an explicit stack instead of recursion. Bounded against hostile input: nesting depth,
/// alias expansion (the Kubernetes API server's rule) and duplicate-key checks that stay linear.
/// </summary>
internal static class YamlTreeReader
{
    public static ReadResult Read(string text, string file, int maxDepth = LoadOptions.DefaultMaxDepth)
    {
        var leadingLines = new BlockScalarLeadingLines(text);
        ReadResult? result;
        do
        {
            result = ReadOnce(leadingLines, file, maxDepth);
        }
        while (result is null);

        return result;
    }

    /// <summary>Reads <see cref="BlockScalarLeadingLines.Text"/>; null when it was changed on an error and must be read again.</summary>
    private static ReadResult? ReadOnce(BlockScalarLeadingLines leadingLines, string file, int maxDepth)
    {
        var text = leadingLines.Text;
        var documents = new List<ParsedDocument>();
        var builder = new TreeBuilder(file, maxDepth);
        var scanner = leadingLines.CreateScanner(skipComments: true);
        try
        {
            var parser = new Parser(scanner);
            parser.Consume<StreamStart>();
            while (!parser.TryConsume<StreamEnd>(out _))
            {
                parser.Consume<DocumentStart>();
                var root = builder.ReadNode(parser);
                parser.Consume<DocumentEnd>();
                documents.Add(new ParsedDocument(documents.Count, root, builder.TakeDiagnostics()));
                builder.ResetAnchors();
            }

            return new ReadResult(documents, null, builder.TemplateLine);
        }
        catch (ReadStoppedException ex)
        {
            return new ReadResult(documents, ex.ToFinding(), builder.TemplateLine);
        }
        catch (YamlException ex) when (leadingLines.TryRepair(ex))
        {
            return null;
        }
        catch (YamlException ex)
        {
            // The problem is at End; Start is where the construct that failed began (reported as context by YamlDotNet).
            // When the file simply ended, End is past the last line: point at the construct left open instead.
            var atEnd = ex.End.Index >= text.TrimEnd().Length;
            var at = atEnd && ex.Start.Index < ex.End.Index ? ((int)ex.Start.Line, (int)ex.Start.Column) : ((int)ex.End.Line, (int)ex.End.Column);
            var message = CleanMessage(ex);
            if (leadingLines.BudgetSpent)
            {
                message += " (the file has too many block scalars with spaces on their leading empty lines to read them all)";
            }

            if (atEnd && ex.Start.Index >= ex.End.Index && builder.InnermostFlowStart is { } open)
            {
                at = open;
                message += " (this '[' or '{' is never closed)";
            }

            var span = new SourceSpan(file, at.Item1, at.Item2, at.Item1, at.Item2 + 1);
            if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstTabIndent(text, (int)ex.Start.Line) is { } tabLine)
            {
                // YamlDotNet marks a tab-indentation error at the start of the enclosing mapping; point at the tab.
                span = new SourceSpan(file, tabLine.Line, tabLine.Column, tabLine.Line, tabLine.Column + 1);
            }

            var finding = new Finding(ToolRules.ParseError.Id, ToolRules.ParseError.DefaultSeverity, $"YAML syntax error: {message}.", span, null);
            return new ReadResult(documents, finding, builder.TemplateLine);
        }
        catch (Exception ex) when (ex.TargetSite?.DeclaringType?.Namespace?.StartsWith("YamlDotNet", StringComparison.Ordinal) == true)
        {
            // YamlDotNet throws plain exceptions on a few malformed inputs (an unclosed '[' or '{' followed by a
            // multi-line value throws InvalidOperationException): still a syntax error in the file, not a crash.
            var (line, column) = builder.InnermostFlowStart ?? ((int)scanner.CurrentPosition.Line, (int)scanner.CurrentPosition.Column);
            var message = builder.InnermostFlowStart is not null
                ? "this '[' or '{' is not closed before a value that runs onto the next line"
                : "the parser stopped here on malformed input";
            var span = new SourceSpan(file, line, column, line, column + 1);
            var finding = new Finding(ToolRules.ParseError.Id, ToolRules.ParseError.DefaultSeverity, $"YAML syntax error: {message}.", span, null);
            return new ReadResult(documents, finding, builder.TemplateLine);
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

    private sealed class TreeBuilder(string file, int maxDepth)
    {
        private readonly Dictionary<string, (Node Node, long Size)> anchors = new(StringComparer.Ordinal);
        private readonly AliasBudget budget = new();
        private readonly Stack<Frame> stack = new();
        private List<Finding>? diagnostics;
        private int duplicates;

        /// <summary>Where the innermost open flow collection ('[' or '{') started, for errors inside it.</summary>
        public (int Line, int Column)? InnermostFlowStart =>
            stack.FirstOrDefault(f => f.IsFlow) is { } frame ? ((int)frame.Start.Start.Line, (int)frame.Start.Start.Column) : null;

        /// <summary>The line of the first <c>{{</c> read as a flow map inside a flow map: Go template syntax, not YAML.</summary>
        public int? TemplateLine { get; private set; }

        public void ResetAnchors() => anchors.Clear();

        public List<Finding>? TakeDiagnostics()
        {
            var taken = diagnostics;
            diagnostics = null;
            return taken;
        }

        private SourceSpan Span(ParsingEvent start, ParsingEvent end) =>
            new(file, (int)start.Start.Line, (int)start.Start.Column, (int)end.End.Line, (int)end.End.Column);

        private SourceSpan Span(ParsingEvent at) => Span(at, at);

        public Node? ReadNode(IParser parser)
        {
            // Frames of the containers being built; a finished node is handed to the frame below it.
            stack.Clear();
            Node? finished;
            long size;
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

                            finished = new ScalarNode(scalar.Value, style, Span(scalar), tag);
                            size = 1;
                            budget.Parsed(1);
                            Remember(scalar.Anchor, finished, size);
                            break;
                        }

                    case AnchorAlias alias:
                        if (!anchors.TryGetValue(alias.Value.Value, out var target))
                        {
                            throw new YamlException(alias.Start, alias.End, $"Alias *{alias.Value.Value} refers to no anchor");
                        }

                        // Aliases share the anchored node, so memory stays linear; what is bounded is how many nodes
                        // a reader walking the tree would visit, as the Kubernetes API server bounds its decoder.
                        if (!budget.Aliased(target.Size))
                        {
                            throw new ReadStoppedException(
                                ToolRules.AliasExpansion,
                                $"Alias *{alias.Value.Value} brings the file to {AliasBudget.Format(budget.Expanded)} nodes expanded from {AliasBudget.Format(budget.ParsedNodes)} written, over the alias limit; the rest of the file was not checked.",
                                Span(alias));
                        }

                        finished = target.Node;
                        size = target.Size;
                        break;

                    case SequenceStart sequenceStart:
                        Push(sequenceStart, isMapping: false, isFlow: sequenceStart.Style == SequenceStyle.Flow);
                        continue;

                    case MappingStart mappingStart:
                        {
                            var isFlow = mappingStart.Style == MappingStyle.Flow;
                            if (isFlow && TemplateLine is null && stack.TryPeek(out var parent) && parent.IsFlowMapping && parent.ExpectsKey)
                            {
                                TemplateLine = (int)mappingStart.Start.Line;
                            }

                            Push(mappingStart, isMapping: true, isFlow);
                            continue;
                        }

                    case SequenceEnd sequenceEnd:
                        {
                            var frame = stack.Pop();
                            finished = new SequenceNode(frame.Items.ToImmutable(), Span(frame.Start, sequenceEnd), frame.Start is SequenceStart { Style: SequenceStyle.Flow });
                            size = frame.Size;
                            Remember(((NodeEvent)frame.Start).Anchor, finished, size);
                            break;
                        }

                    case MappingEnd mappingEnd:
                        {
                            var frame = stack.Pop();
                            finished = new MappingNode(frame.BuildEntries(), Span(frame.Start, mappingEnd), frame.Start is MappingStart { Style: MappingStyle.Flow });
                            size = frame.Size;
                            Remember(((NodeEvent)frame.Start).Anchor, finished, size);
                            break;
                        }

                    default:
                        throw new YamlException(ev.Start, ev.End, $"Unexpected {ev.GetType().Name} in YAML stream");
                }

                if (stack.Count == 0)
                {
                    return finished;
                }

                stack.Peek().Add(finished, size, this);
            }
        }

        private void Push(ParsingEvent start, bool isMapping, bool isFlow)
        {
            // Checked before YamlDotNet reads deeper: its scanner costs grow with flow depth, so stopping early also
            // keeps a hostile file from being slow.
            if (stack.Count >= maxDepth)
            {
                throw new ReadStoppedException(
                    ToolRules.NestingTooDeep,
                    $"Maps and lists nest deeper than {maxDepth.ToString(CultureInfo.InvariantCulture)} levels here; the rest of the file was not checked.",
                    Span(start));
            }

            budget.Parsed(1);
            stack.Push(new Frame(start, isMapping, isFlow));
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
                $"Key '{Shorten(key.Value)}' appears again in this map (first at line {first.Span.StartLine.ToString(CultureInfo.InvariantCulture)}); MeshLint reads the last value{more}.",
                key.Span,
                null));
        }

        private void Remember(AnchorName anchor, Node node, long size)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = (node, size);
            }
        }
    }

    private sealed class Frame(ParsingEvent start, bool isMapping, bool isFlow)
    {
        private const int LinearScanLimit = 8;
        private const string ComplexKeyTag = "meshlint:complex-key";

        private ScalarNode? pendingKey;
        private bool pendingIsComplex;
        private List<MappingNode>? mergeSources;
        private Dictionary<string, ScalarNode>? keyIndex;

        public ParsingEvent Start { get; } = start;

        /// <summary>Nodes a full walk of this subtree visits, aliases expanded (saturating).</summary>
        public long Size { get; private set; } = 1;

        public bool IsFlowMapping => isMapping && isFlow;

        public bool IsFlow => isFlow;

        public bool ExpectsKey => pendingKey is null && !pendingIsComplex;

        public ImmutableArray<Node>.Builder Items { get; } = ImmutableArray.CreateBuilder<Node>();

        private ImmutableArray<KeyValuePair<ScalarNode, Node>>.Builder Entries { get; } = ImmutableArray.CreateBuilder<KeyValuePair<ScalarNode, Node>>();

        public void Add(Node node, long size, TreeBuilder builder)
        {
            Size = AliasBudget.Add(Size, size);
            if (!isMapping)
            {
                Items.Add(node);
                return;
            }

            if (pendingKey is null && !pendingIsComplex)
            {
                if (node is ScalarNode key)
                {
                    pendingKey = key;
                    if (!IsMergeKey(key))
                    {
                        CheckDuplicate(key, builder);
                    }
                }
                else
                {
                    // Complex keys (maps or lists as keys) have no meaning in Kubernetes objects; keep their position.
                    pendingKey = new ScalarNode(string.Empty, Core.Model.ScalarStyle.Quoted, node.Span, ComplexKeyTag);
                    pendingIsComplex = true;
                }

                return;
            }

            var entryKey = pendingKey!;
            if (!pendingIsComplex && IsMergeKey(entryKey) && node is MappingNode or SequenceNode)
            {
                // YAML merge key: resolved so rules see the effective value (explicit keys win, then earlier sources).
                mergeSources ??= [];
                foreach (var source in node is SequenceNode seq ? seq.Items : [node])
                {
                    if (source is MappingNode map)
                    {
                        mergeSources.Add(map);
                    }
                }
            }
            else
            {
                Entries.Add(new KeyValuePair<ScalarNode, Node>(entryKey, node));
            }

            pendingKey = null;
            pendingIsComplex = false;
        }

        private static bool IsMergeKey(ScalarNode key) => key.Value == "<<" && key.Style == Core.Model.ScalarStyle.Plain;

        private void CheckDuplicate(ScalarNode key, TreeBuilder builder)
        {
            // Linear for the small maps manifests are made of; an index once a map grows, so a hostile map with
            // many keys stays linear overall.
            if (keyIndex is null)
            {
                for (var i = 0; i < Entries.Count; i++)
                {
                    if (string.Equals(Entries[i].Key.Value, key.Value, StringComparison.Ordinal) && !IsComplexPlaceholder(Entries[i].Key))
                    {
                        builder.DuplicateKey(key, Entries[i].Key);
                        return;
                    }
                }

                if (Entries.Count < LinearScanLimit)
                {
                    return;
                }

                keyIndex = new Dictionary<string, ScalarNode>(StringComparer.Ordinal);
                foreach (var entry in Entries)
                {
                    if (!IsComplexPlaceholder(entry.Key))
                    {
                        keyIndex.TryAdd(entry.Key.Value, entry.Key);
                    }
                }
            }

            if (keyIndex.TryGetValue(key.Value, out var first))
            {
                builder.DuplicateKey(key, first);
            }

            // The key is added to the index now; its entry follows when the value arrives.
            keyIndex.TryAdd(key.Value, key);
        }

        private static bool IsComplexPlaceholder(ScalarNode key) => key.Value.Length == 0 && key.Style == Core.Model.ScalarStyle.Quoted && key.Tag == ComplexKeyTag;

        public ImmutableArray<KeyValuePair<ScalarNode, Node>> BuildEntries()
        {
            if (mergeSources is null)
            {
                return Entries.ToImmutable();
            }

            // Explicit keys override merged ones, and an earlier merge source overrides a later one; each merged
            // key appears once, so readers iterating the entries see the effective map.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in Entries)
            {
                seen.Add(entry.Key.Value);
            }

            var merged = new List<KeyValuePair<ScalarNode, Node>>();
            var chunk = new List<KeyValuePair<ScalarNode, Node>>();
            foreach (var source in mergeSources)
            {
                chunk.Clear();
                for (var i = source.Entries.Length - 1; i >= 0; i--)
                {
                    if (seen.Add(source.Entries[i].Key.Value))
                    {
                        chunk.Add(source.Entries[i]);
                    }
                }

                chunk.Reverse();
                merged.AddRange(chunk);
            }

            var all = ImmutableArray.CreateBuilder<KeyValuePair<ScalarNode, Node>>(merged.Count + Entries.Count);
            all.AddRange(merged);
            all.AddRange(Entries);
            return all.MoveToImmutable();
        }
    }

    /// <summary>
    /// The Kubernetes API server's defence against "billion laughs" (go-yaml's allowedAliasRatio): once more than
    /// 400,000 nodes have been decoded, the share reached through aliases may fall from 99% to 10% at 4,000,000.
    /// Counted over the whole file, so many small documents cannot add up to a bomb.
    /// </summary>
    internal sealed class AliasBudget
    {
        private const long RangeLow = 400_000;
        private const long RangeHigh = 4_000_000;
        private const long Cap = long.MaxValue / 4;

        public long ParsedNodes { get; private set; }

        public long AliasedNodes { get; private set; }

        public long Expanded => Add(ParsedNodes, AliasedNodes);

        public void Parsed(long count) => ParsedNodes = Add(ParsedNodes, count);

        /// <summary>Counts an alias expanding to <paramref name="size"/> nodes; false when the file is over the limit.</summary>
        public bool Aliased(long size)
        {
            AliasedNodes = Add(AliasedNodes, size);
            var expanded = Expanded;
            return AliasedNodes <= 100 || expanded <= 1000 || (double)AliasedNodes / expanded <= AllowedRatio(expanded);
        }

        private static double AllowedRatio(long expanded) => expanded switch
        {
            <= RangeLow => 0.99,
            >= RangeHigh => 0.10,
            _ => 0.99 - (0.89 * (expanded - RangeLow) / (RangeHigh - RangeLow)),
        };

        public static long Add(long a, long b) => a > Cap - b ? Cap : a + b;

        public static string Format(long count) => count >= Cap ? "more than 10^18" : count.ToString("N0", CultureInfo.InvariantCulture);
    }
}
