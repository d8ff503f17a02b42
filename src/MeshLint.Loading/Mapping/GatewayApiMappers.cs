using System.Collections.Immutable;
using MeshLint.Core.Model;
using MeshLint.Core.Model.GatewayApi;

namespace MeshLint.Loading.Mapping;

internal static class GatewayApiMappers
{
    public static void Register(Dictionary<(string, string), KindMapper> table)
    {
        // The experimental channel serves the same kinds under gateway.networking.x-k8s.io in some releases.
        foreach (var group in new[] { GatewayApiGroups.Gateway, "gateway.networking.x-k8s.io" })
        {
            table[(group, "Gateway")] = MapGateway;
            table[(group, "ReferenceGrant")] = MapReferenceGrant;
            foreach (var kind in GatewayApiGroups.RouteKinds)
            {
                table[(group, kind)] = (h, root) => MapRoute(h, root, GatewayApiGroups.Gateway);
            }
        }

        table[(GatewayApiGroups.LinkerdPolicy, "HTTPRoute")] = (h, root) => MapRoute(h, root, GatewayApiGroups.LinkerdPolicy);
    }

    private static BackendRef? ReadObjectRef(MapView r) =>
        r.Str("name") is { } name
            ? new BackendRef(r.Str("group"), r.Str("kind"), name, r.Str("namespace"), r.Int("port"), r.Int("weight"), r.Span)
            : null;

    private static GatewayApiRoute MapRoute(ObjectHeader h, MapView root, string parentGroupDefault)
    {
        var spec = root.Map("spec");
        var parents = spec?.Maps("parentRefs")
            .Select(p => p.Str("name") is { } name
                ? new ParentRef(p.Str("group"), p.Str("kind"), name, p.Str("namespace"), p.Str("sectionName"), p.Int("port"), p.Span, parentGroupDefault)
                : null)
            .OfType<ParentRef>()
            .ToImmutableArray() ?? ImmutableArray<ParentRef>.Empty;
        var rules = spec?.Maps("rules")
            .Select(r => new GatewayApiRouteRule(r.Maps("backendRefs").Select(ReadObjectRef).OfType<BackendRef>().ToImmutableArray(), r.Node))
            .ToImmutableArray() ?? ImmutableArray<GatewayApiRouteRule>.Empty;
        return new GatewayApiRoute(h, parents, spec?.Strings("hostnames") ?? [], rules);
    }

    private static KubernetesGateway MapGateway(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var listeners = spec?.Maps("listeners")
            .Select(l =>
            {
                var tls = l.Map("tls");
                var namespaces = l.Map("allowedRoutes")?.Map("namespaces");
                return new Listener(
                    l.Str("name"),
                    l.Str("hostname"),
                    l.Int("port"),
                    l.Str("protocol"),
                    tls?.Str("mode"),
                    tls?.Maps("certificateRefs").Select(ReadObjectRef).OfType<BackendRef>().ToImmutableArray() ?? ImmutableArray<BackendRef>.Empty,
                    namespaces?.Str("from"),
                    KubernetesMappers.ReadSelector(namespaces, "selector"),
                    l.Span);
            })
            .ToImmutableArray() ?? ImmutableArray<Listener>.Empty;
        var addresses = spec?.Maps("addresses")
            .Select(a => a.Str("value") is { } value ? new GatewayAddress(a.Str("type"), value, a.Span) : null)
            .OfType<GatewayAddress>()
            .ToImmutableArray() ?? ImmutableArray<GatewayAddress>.Empty;
        return new KubernetesGateway(h, spec?.Str("gatewayClassName"), listeners, addresses);
    }

    private static ReferenceGrant MapReferenceGrant(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var from = spec?.Maps("from").Select(f => new ReferenceGrantFrom(f.Str("group"), f.Str("kind"), f.Str("namespace"), f.Span)).ToImmutableArray()
            ?? ImmutableArray<ReferenceGrantFrom>.Empty;
        var to = spec?.Maps("to").Select(t => new ReferenceGrantTo(t.Str("group"), t.Str("kind"), t.Str("name"), t.Span)).ToImmutableArray()
            ?? ImmutableArray<ReferenceGrantTo>.Empty;
        return new ReferenceGrant(h, from, to);
    }
}
