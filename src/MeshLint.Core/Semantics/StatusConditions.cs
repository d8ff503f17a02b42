using MeshLint.Core.Model;

namespace MeshLint.Core.Semantics;

/// <summary>One entry of a Kubernetes <c>status.conditions</c> list.</summary>
public sealed record StatusCondition(string Type, string Status, string? Reason, string? Message, MappingNode Node)
{
    public bool IsFalse => Status == "False";

    public SourceSpan Span => Node.KeySpanOr("status");

    public static IEnumerable<StatusCondition> Read(Node? conditions) =>
        (conditions as SequenceNode)?.Items.OfType<MappingNode>()
            .Where(c => c["type"] is not null && c["status"] is not null)
            .Select(c => new StatusCondition(c["type"]!.ToString()!, c["status"]!.ToString()!, Blank(c["reason"]), Blank(c["message"]), c))
        ?? [];

    /// <summary>The object's own <c>status.conditions</c>.</summary>
    public static IEnumerable<StatusCondition> Of(MeshObject obj) => Read((obj.Root["status"] as MappingNode)?["conditions"]);

    private static string? Blank(Node? node) => node?.ToString() is { Length: > 0 } text ? text : null;
}
