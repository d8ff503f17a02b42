using System.Collections.Immutable;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;

namespace MeshLint.Loading.Mapping;

internal static class LinkerdMappers
{
    private const string Policy = "policy.linkerd.io";

    public static void Register(Dictionary<(string, string), KindMapper> table)
    {
        table[(Policy, "Server")] = MapServer;
        table[(Policy, "ServerAuthorization")] = MapServerAuthorization;
        table[(Policy, "AuthorizationPolicy")] = MapAuthorizationPolicy;
        table[(Policy, "MeshTLSAuthentication")] = MapMeshTls;
        table[(Policy, "NetworkAuthentication")] = MapNetworkAuthentication;
        table[(Policy, "EgressNetwork")] = MapEgressNetwork;
        table[(Policy, "HTTPLocalRateLimitPolicy")] = MapRateLimit;
        table[("linkerd.io", "ServiceProfile")] = MapServiceProfile;
        table[("workload.linkerd.io", "ExternalWorkload")] = MapExternalWorkload;
        table[("split.smi-spec.io", "TrafficSplit")] = MapTrafficSplit;
    }

    internal static LinkerdRef ReadRef(MapView r) => new(r.Str("group"), r.Str("kind"), r.Str("name"), r.Str("namespace"), r.Span);

    private static LinkerdRef? ReadRef(MapView? parent, string key) => parent?.Map(key) is { } r ? ReadRef(r) : null;

    private static ImmutableArray<LinkerdRef> ReadRefs(MapView? parent, string key) =>
        parent is { } p ? p.Maps(key).Select(ReadRef).ToImmutableArray() : ImmutableArray<LinkerdRef>.Empty;

    private static ImmutableArray<LinkerdNetwork> ReadNetworks(MapView? parent, string key) =>
        parent is { } p
            ? p.Maps(key).Select(n => new LinkerdNetwork(n.Str("cidr"), n.Strings("except"), n.Span)).ToImmutableArray()
            : ImmutableArray<LinkerdNetwork>.Empty;

    private static Server MapServer(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var portNode = spec?.Raw("port");
        var portIsNumber = portNode is ScalarNode { IsNumber: true };
        return new Server(
            h,
            KubernetesMappers.ReadSelector(spec, "podSelector"),
            KubernetesMappers.ReadSelector(spec, "externalWorkloadSelector"),
            spec?.IntOrString("port"),
            portIsNumber,
            spec?.Str("proxyProtocol"),
            spec?.Str("accessPolicy"));
    }

    private static ServerAuthorization MapServerAuthorization(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var server = spec?.Map("server");
        var client = spec?.Map("client");
        ServerAuthorizationClient? clientModel = null;
        if (client is { } c)
        {
            var mtls = c.Map("meshTLS");
            clientModel = new ServerAuthorizationClient(
                c.Bool("unauthenticated"),
                ReadNetworks(c, "networks"),
                c.Raw("networks") is not null,
                mtls is { } m ? new ServerAuthorizationMeshTls(m.Bool("unauthenticatedTLS"), m.Strings("identities"), ReadRefs(m, "serviceAccounts"), c.KeySpan("meshTLS")) : null,
                spec!.Value.KeySpan("client"));
        }

        return new ServerAuthorization(
            h,
            server?.Str("name"),
            KubernetesMappers.ReadSelector(server, "selector"),
            spec?.KeySpan("server") ?? h.Kind.Span,
            clientModel);
    }

    private static LinkerdAuthorizationPolicy MapAuthorizationPolicy(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        return new LinkerdAuthorizationPolicy(
            h,
            ReadRef(spec, "targetRef"),
            ReadRefs(spec, "requiredAuthenticationRefs"),
            spec?.Raw("requiredAuthenticationRefs") is not null,
            spec?.KeySpan("requiredAuthenticationRefs") ?? h.Kind.Span);
    }

    private static MeshTlsAuthentication MapMeshTls(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        return new MeshTlsAuthentication(
            h,
            spec?.Strings("identities") ?? ImmutableArray<Located<string>>.Empty,
            spec?.Raw("identities") is not null,
            spec?.KeySpan("identities") ?? h.Kind.Span,
            ReadRefs(spec, "identityRefs"),
            spec?.Raw("identityRefs") is not null,
            spec?.KeySpan("identityRefs") ?? h.Kind.Span);
    }

    private static NetworkAuthentication MapNetworkAuthentication(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        return new NetworkAuthentication(h, ReadNetworks(spec, "networks"), spec?.Raw("networks") is not null, spec?.KeySpan("networks") ?? h.Kind.Span);
    }

    private static EgressNetwork MapEgressNetwork(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        return new EgressNetwork(h, ReadNetworks(spec, "networks"), spec?.Raw("networks") is not null, spec?.KeySpan("networks") ?? h.Kind.Span, spec?.Str("trafficPolicy"));
    }

    private static HttpLocalRateLimitPolicy MapRateLimit(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var overrides = spec is { } s
            ? s.Maps("overrides").Select(o => new RateLimitOverride(o.Int("requestsPerSecond"), ReadRefs(o, "clientRefs"), o.Span)).ToImmutableArray()
            : ImmutableArray<RateLimitOverride>.Empty;
        return new HttpLocalRateLimitPolicy(
            h,
            ReadRef(spec, "targetRef"),
            spec?.Map("total")?.Int("requestsPerSecond"),
            spec?.Map("identity")?.Int("requestsPerSecond"),
            overrides);
    }

    private static ServiceProfile MapServiceProfile(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var routes = ImmutableArray.CreateBuilder<ServiceProfileRoute>();
        ServiceProfileRetryBudget? budget = null;
        if (spec is { } s)
        {
            foreach (var r in s.Maps("routes"))
            {
                var classes = r.Maps("responseClasses")
                    .Select(c => new ServiceProfileResponseClass(c.Raw("condition") as MappingNode, c.Span))
                    .ToImmutableArray();
                routes.Add(new ServiceProfileRoute(r.Str("name"), r.Raw("condition") as MappingNode, classes, r.Bool("isRetryable"), r.Str("timeout"), r.Span));
            }

            if (s.Map("retryBudget") is { } b)
            {
                budget = new ServiceProfileRetryBudget(b.Str("retryRatio"), b.Str("minRetriesPerSecond"), b.Str("ttl"), s.KeySpan("retryBudget"));
            }
        }

        return new ServiceProfile(h, routes.ToImmutable(), budget);
    }

    private static ExternalWorkload MapExternalWorkload(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");

        // v1beta1 spells it meshTLS, v1alpha1 meshTls.
        var mtls = spec?.Map("meshTLS") ?? spec?.Map("meshTls");
        var ports = spec is { } s
            ? s.Maps("ports").Select(p => new ContainerPort(p.Str("name"), p.Int("port"), p.Str("protocol"), p.Span)).ToImmutableArray()
            : ImmutableArray<ContainerPort>.Empty;
        return new ExternalWorkload(h, mtls?.Str("identity"), mtls?.Str("serverName"), ports);
    }

    private static TrafficSplit MapTrafficSplit(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var backends = spec is { } s
            ? s.Maps("backends").Select(b => new TrafficSplitBackend(b.Str("service"), b.Str("weight"), b.Span)).ToImmutableArray()
            : ImmutableArray<TrafficSplitBackend>.Empty;
        return new TrafficSplit(h, spec?.Str("service"), backends);
    }
}
