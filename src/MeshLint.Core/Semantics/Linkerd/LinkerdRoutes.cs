using System.Collections.Immutable;
using MeshLint.Core.Model;
using MeshLint.Core.Model.GatewayApi;

namespace MeshLint.Core.Semantics.Linkerd;

/// <summary>One <c>matches</c> item of an HTTP or gRPC route rule, typed for the fields Linkerd rules reason about.</summary>
public sealed record RouteMatchView(Located<string>? PathType, Located<string>? PathValue, Located<string>? Method, bool HasHeaders, bool HasQueryParams, SourceSpan Span);

/// <summary>Typed readings of Gateway API route rules (which the model keeps as trees) and Linkerd's view of parents and backends.</summary>
public static class LinkerdRoutes
{
    public static bool IsHttp(GatewayApiRoute route) => route.Kind == "HTTPRoute";

    public static bool IsGrpc(GatewayApiRoute route) => route.Kind == "GRPCRoute";

    public static bool IsHttpOrGrpc(GatewayApiRoute route) => IsHttp(route) || IsGrpc(route);

    /// <summary>The core group as Linkerd reads it: "" for an empty group or <c>core</c>.</summary>
    public static string Group(string group) => group is "" or "core" ? string.Empty : group;

    public static string EffectiveGroup(ParentRef parent) => Group(parent.GroupOrDefault);

    public static bool IsServiceBackend(BackendRef backend) => backend.KindOr("Service") == "Service" && Group(backend.GroupOrCore).Length == 0;

    public static SourceSpan RulesSpan(GatewayApiRoute route) => route.Spec?.KeySpanOr("rules") ?? route.SpecSpan;

    public static ImmutableArray<RouteMatchView> Matches(GatewayApiRouteRule rule)
    {
        if (rule.Node["matches"] is not SequenceNode matches)
        {
            return ImmutableArray<RouteMatchView>.Empty;
        }

        var result = ImmutableArray.CreateBuilder<RouteMatchView>();
        foreach (var item in matches.Items.OfType<MappingNode>())
        {
            var path = item["path"] as MappingNode;
            var method = item["method"] is ScalarNode { IsNull: false } m ? new Located<string>(m.Value, m.Span) : (Located<string>?)null;
            result.Add(new RouteMatchView(Scalar(path, "type"), Scalar(path, "value"), method, item["headers"] is not null, item["queryParams"] is not null, item.Span));
        }

        return result.ToImmutable();
    }

    /// <summary>A rule's <c>timeouts.request</c> or <c>timeouts.backendRequest</c>.</summary>
    public static Located<string>? Timeout(GatewayApiRouteRule rule, string key) => Scalar(rule.Node["timeouts"] as MappingNode, key);

    private static Located<string>? Scalar(MappingNode? map, string key) =>
        map?[key] is ScalarNode { IsNull: false } scalar ? new Located<string>(scalar.Value, scalar.Span) : null;
}
