using System.Collections.Immutable;
using System.Text.Json;
using MeshLint.Core.Model;

namespace MeshLint.Live;

/// <summary>
/// Builds the same located <see cref="Node"/> tree the YAML reader builds, from the JSON an API server returns.
/// Objects read from a cluster have no file: spans are on line 1 with the byte offset in the response as the
/// column, which keeps fields of one object in order without pretending to be a place in a file.
/// </summary>
internal static class JsonTree
{
    public static Node Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256, CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read())
        {
            throw new JsonException("the response is empty");
        }

        var stack = new Stack<Frame>();
        Node? root = null;
        do
        {
            var start = (int)reader.TokenStartIndex;
            Node? completed = null;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    stack.Push(new Frame(start, isMap: true));
                    continue;
                case JsonTokenType.StartArray:
                    stack.Push(new Frame(start, isMap: false));
                    continue;
                case JsonTokenType.PropertyName:
                    stack.Peek().PendingKey = new ScalarNode(reader.GetString()!, ScalarStyle.Quoted, Span(start, start + reader.ValueSpan.Length + 2));
                    continue;
                case JsonTokenType.EndObject:
                {
                    var frame = stack.Pop();
                    completed = new MappingNode(frame.Entries!.ToImmutable(), Span(frame.Start, (int)reader.BytesConsumed));
                    break;
                }

                case JsonTokenType.EndArray:
                {
                    var frame = stack.Pop();
                    completed = new SequenceNode(frame.Items!.ToImmutable(), Span(frame.Start, (int)reader.BytesConsumed));
                    break;
                }

                case JsonTokenType.String:
                    completed = new ScalarNode(reader.GetString()!, ScalarStyle.Quoted, Span(start, start + reader.ValueSpan.Length + 2));
                    break;
                case JsonTokenType.Number:
                case JsonTokenType.True:
                case JsonTokenType.False:
                    completed = new ScalarNode(System.Text.Encoding.UTF8.GetString(reader.ValueSpan), ScalarStyle.Plain, Span(start, start + reader.ValueSpan.Length));
                    break;
                case JsonTokenType.Null:
                    completed = new ScalarNode("null", ScalarStyle.Plain, Span(start, start + 4));
                    break;
                default:
                    continue;
            }

            if (stack.Count == 0)
            {
                root = completed;
            }
            else
            {
                stack.Peek().Add(completed);
            }
        }
        while (reader.Read());

        return root ?? throw new JsonException("the response is not a complete JSON value");
    }

    private static SourceSpan Span(int start, int end) => new(string.Empty, 1, start + 1, 1, end + 1);

    private sealed class Frame(int start, bool isMap)
    {
        public int Start { get; } = start;

        public ImmutableArray<KeyValuePair<ScalarNode, Node>>.Builder? Entries { get; } = isMap ? ImmutableArray.CreateBuilder<KeyValuePair<ScalarNode, Node>>() : null;

        public ImmutableArray<Node>.Builder? Items { get; } = isMap ? null : ImmutableArray.CreateBuilder<Node>();

        public ScalarNode? PendingKey { get; set; }

        public void Add(Node node)
        {
            if (Entries is not null)
            {
                Entries.Add(new KeyValuePair<ScalarNode, Node>(PendingKey!, node));
                PendingKey = null;
            }
            else
            {
                Items!.Add(node);
            }
        }
    }
}
