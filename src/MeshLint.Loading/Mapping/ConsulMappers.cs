using System.Collections.Immutable;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Consul;

namespace MeshLint.Loading.Mapping;

/// <summary>Mappers for the consul.hashicorp.com config-entry CRDs (field names as in consul-k8s api/v1alpha1).</summary>
internal static class ConsulMappers
{
    private const string Group = ConsulResource.Group;

    /// <summary>Kinds typed only as <see cref="OtherConsulResource"/>: peering, catalog registration, limits, API-gateway policy and filters.</summary>
    private static readonly string[] OtherKinds =
    [
        "PeeringAcceptor", "PeeringDialer", "Registration", "RateLimit", "MeshService", "GatewayClassConfig", "GatewayPolicy",
        "RouteAuthFilter", "RouteRetryFilter", "RouteTimeoutFilter", "RouteTLSSDSFilter", "RouteExtProc",
    ];

    public static void Register(Dictionary<(string, string), KindMapper> table)
    {
        table[(Group, "ServiceDefaults")] = MapServiceDefaults;
        table[(Group, "ProxyDefaults")] = MapProxyDefaults;
        table[(Group, "Mesh")] = MapMesh;
        table[(Group, "ServiceIntentions")] = MapServiceIntentions;
        table[(Group, "ServiceRouter")] = MapServiceRouter;
        table[(Group, "ServiceSplitter")] = MapServiceSplitter;
        table[(Group, "ServiceResolver")] = MapServiceResolver;
        table[(Group, "IngressGateway")] = MapIngressGateway;
        table[(Group, "TerminatingGateway")] = MapTerminatingGateway;
        table[(Group, "ExportedServices")] = MapExportedServices;
        table[(Group, "SamenessGroup")] = MapSamenessGroup;
        table[(Group, "JWTProvider")] = MapJwtProvider;
        table[(Group, "ControlPlaneRequestLimit")] = (h, root) => new ControlPlaneRequestLimit(h, root.Map("spec")?.Str("mode"));
        foreach (var kind in OtherKinds)
        {
            table[(Group, kind)] = (h, _) => new OtherConsulResource(h);
        }
    }

    private static ConsulProxySettings ReadProxySettings(MapView? spec)
    {
        var tproxy = spec?.Map("transparentProxy");
        return new ConsulProxySettings(
            spec?.Str("mutualTLSMode"),
            spec?.Str("mode"),
            tproxy?.Bool("dialedDirectly"),
            tproxy?.Int("outboundListenerPort"),
            spec?.Raw("transparentProxy") is null ? null : spec.Value.KeySpan("transparentProxy"));
    }

    private static ServiceDefaults MapServiceDefaults(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        ServiceDefaultsDestination? destination = null;
        if (spec?.Map("destination") is { } d)
        {
            destination = new ServiceDefaultsDestination(d.Strings("addresses"), d.Int("port"), spec.Value.KeySpan("destination"));
        }

        return new ServiceDefaults(h, spec?.Str("protocol"), ReadProxySettings(spec), destination);
    }

    private static ProxyDefaults MapProxyDefaults(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");

        // config is free-form JSON for Envoy; only protocol has a meaning MeshLint needs.
        var protocol = spec?.Raw("config") is MappingNode config && config["protocol"] is ScalarNode { IsNull: false } p
            ? new Located<string>(p.Value, p.Span)
            : (Located<string>?)null;
        return new ProxyDefaults(h, protocol, ReadProxySettings(spec));
    }

    private static ConsulTlsSettings? ReadTls(MapView? parent, string key)
    {
        if (parent?.Map(key) is not { } tls)
        {
            return null;
        }

        return new ConsulTlsSettings(tls.Bool("enabled"), tls.Raw("sds") is MappingNode, tls.Str("tlsMinVersion"), tls.Str("tlsMaxVersion"), parent.Value.KeySpan(key));
    }

    private static MeshConfigEntry MapMesh(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var tproxy = spec?.Map("transparentProxy");
        var tls = spec?.Map("tls");
        var normalization = spec?.Map("http")?.Map("incoming")?.Map("requestNormalization");
        return new MeshConfigEntry(
            h,
            spec?.Bool("allowEnablingPermissiveMutualTLS"),
            tproxy?.Bool("meshDestinationsOnly"),
            spec?.Raw("transparentProxy") is null ? null : spec.Value.KeySpan("transparentProxy"),
            ReadTls(tls, "incoming"),
            ReadTls(tls, "outgoing"),
            normalization?.Bool("insecureDisablePathNormalization"),
            normalization?.Bool("mergeSlashes"),
            spec?.Bool("validateClusters"));
    }

    private static ServiceIntentions MapServiceIntentions(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        IntentionDestination? destination = null;
        if (spec?.Map("destination") is { } d)
        {
            destination = new IntentionDestination(d.Str("name"), d.Str("namespace"), spec.Value.KeySpan("destination"));
        }

        var sources = ImmutableArray.CreateBuilder<SourceIntention>();
        foreach (var source in spec?.Maps("sources") ?? ImmutableArray<MapView>.Empty)
        {
            var permissions = source.Maps("permissions").Select(p =>
            {
                IntentionHttpMatch? http = null;
                if (p.Map("http") is { } m)
                {
                    http = new IntentionHttpMatch(
                        m.Str("pathExact"), m.Str("pathPrefix"), m.Str("pathRegex"), m.Strings("methods"), m.Maps("header").Length, p.KeySpan("http"));
                }

                return new IntentionPermission(p.Str("action"), http, p.Raw("jwt") is MappingNode, p.Span);
            }).ToImmutableArray();
            sources.Add(new SourceIntention(
                source.Str("name"),
                source.Str("namespace"),
                source.Str("peer"),
                source.Str("partition"),
                source.Str("samenessGroup"),
                source.Str("action"),
                permissions,
                source.Raw("permissions") is null ? null : source.KeySpan("permissions"),
                source.Span));
        }

        var jwt = spec?.Map("jwt");
        var providers = jwt?.Maps("providers").Select(p => p.Str("name")).OfType<Located<string>>().ToImmutableArray() ?? ImmutableArray<Located<string>>.Empty;
        return new ServiceIntentions(h, destination, sources.ToImmutable(), providers, jwt is null ? null : spec!.Value.KeySpan("jwt"));
    }

    private static ImmutableArray<RouteValueMatch> ReadValueMatches(MapView http, string key, params string[] matchers) =>
        http.Maps(key).Select(m => new RouteValueMatch(
            m.Str("name"),
            matchers.Count(k => m.Raw(k) is ScalarNode { IsNull: false } s && s.Value.Length > 0 && !(s.IsBoolean(out var b) && !b)),
            m.Span)).ToImmutableArray();

    private static ServiceRouter MapServiceRouter(ObjectHeader h, MapView root)
    {
        var routes = ImmutableArray.CreateBuilder<ServiceRoute>();
        foreach (var route in root.Map("spec")?.Maps("routes") ?? ImmutableArray<MapView>.Empty)
        {
            var match = route.Map("match");
            RouteHttpMatch? http = null;
            if (match?.Map("http") is { } m)
            {
                http = new RouteHttpMatch(
                    m.Str("pathExact"),
                    m.Str("pathPrefix"),
                    m.Str("pathRegex"),
                    m.Bool("caseInsensitive"),
                    ReadValueMatches(m, "header", "exact", "prefix", "suffix", "regex", "present"),
                    ReadValueMatches(m, "queryParam", "exact", "regex", "present"),
                    m.Strings("methods"),
                    match.Value.KeySpan("http"));
            }

            RouteDestination? destination = null;
            if (route.Map("destination") is { } d)
            {
                destination = new RouteDestination(d.Str("service"), d.Str("serviceSubset"), d.Str("namespace"), d.Str("prefixRewrite"), route.KeySpan("destination"));
            }

            routes.Add(new ServiceRoute(http, route.Raw("match") is null ? null : route.KeySpan("match"), destination, route.Span));
        }

        return new ServiceRouter(h, routes.ToImmutable());
    }

    private static ServiceSplitter MapServiceSplitter(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var splits = spec?.Maps("splits")
            .Select(s => new ServiceSplit(s.Number("weight"), s.Str("service"), s.Str("serviceSubset"), s.Str("namespace"), s.Span))
            .ToImmutableArray() ?? ImmutableArray<ServiceSplit>.Empty;
        return new ServiceSplitter(h, splits, spec?.KeySpan("splits") ?? root.KeySpan("spec"));
    }

    private static ServiceResolver MapServiceResolver(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var subsets = ImmutableArray.CreateBuilder<ResolverSubset>();
        if (spec?.Map("subsets") is { } subsetMap)
        {
            foreach (var (key, value) in subsetMap.Node.Entries)
            {
                var filter = value is MappingNode m ? new MapView(m, $"{subsetMap.Path}.{key.Value}", subsetMap.Diagnostics).Str("filter") : null;
                subsets.Add(new ResolverSubset(new Located<string>(key.Value, key.Span), filter, key.Span));
            }
        }

        ResolverRedirect? redirect = null;
        if (spec?.Map("redirect") is { } r)
        {
            redirect = new ResolverRedirect(
                r.Str("service"), r.Str("serviceSubset"), r.Str("namespace"), r.Str("partition"), r.Str("datacenter"), r.Str("peer"), r.Str("samenessGroup"),
                spec.Value.KeySpan("redirect"));
        }

        var failover = ImmutableArray.CreateBuilder<ResolverFailover>();
        if (spec?.Map("failover") is { } failoverMap)
        {
            foreach (var (key, value) in failoverMap.Node.Entries)
            {
                if (value is not MappingNode m)
                {
                    continue;
                }

                var f = new MapView(m, $"{failoverMap.Path}.{key.Value}", failoverMap.Diagnostics);
                var targets = f.Maps("targets")
                    .Select(t => new FailoverTarget(t.Str("service"), t.Str("serviceSubset"), t.Str("namespace"), t.Str("partition"), t.Str("datacenter"), t.Str("peer"), t.Span))
                    .ToImmutableArray();
                failover.Add(new ResolverFailover(
                    new Located<string>(key.Value, key.Span),
                    f.Str("service"),
                    f.Str("serviceSubset"),
                    f.Str("namespace"),
                    f.Strings("datacenters"),
                    f.Raw("datacenters") is null ? null : f.KeySpan("datacenters"),
                    targets,
                    f.Raw("targets") is null ? null : f.KeySpan("targets"),
                    f.Str("samenessGroup"),
                    f.Raw("policy") is MappingNode,
                    key.Span));
            }
        }

        var loadBalancer = spec?.Map("loadBalancer");
        var hashPolicies = loadBalancer?.Maps("hashPolicies")
            .Select(p => new HashPolicy(p.Str("field"), p.Str("fieldValue"), p.Bool("sourceIP"), p.Span))
            .ToImmutableArray() ?? ImmutableArray<HashPolicy>.Empty;
        return new ServiceResolver(
            h,
            spec?.Str("defaultSubset"),
            subsets.ToImmutable(),
            redirect,
            failover.ToImmutable(),
            spec?.Raw("failover") is null ? null : spec.Value.KeySpan("failover"),
            loadBalancer?.Str("policy"),
            hashPolicies);
    }

    private static IngressGateway MapIngressGateway(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var listeners = ImmutableArray.CreateBuilder<IngressListener>();
        foreach (var listener in spec?.Maps("listeners") ?? ImmutableArray<MapView>.Empty)
        {
            var services = listener.Maps("services").Select(s => new IngressService(
                s.Str("name"),
                s.Strings("hosts"),
                s.Raw("hosts") is null ? null : s.KeySpan("hosts"),
                s.Map("tls")?.Raw("sds") is MappingNode,
                s.Span)).ToImmutableArray();
            listeners.Add(new IngressListener(
                listener.Int("port"),
                listener.Str("protocol"),
                ReadTls(listener, "tls"),
                services,
                listener.Raw("services") is null ? null : listener.KeySpan("services"),
                listener.Span));
        }

        return new IngressGateway(h, ReadTls(spec, "tls"), listeners.ToImmutable());
    }

    private static TerminatingGateway MapTerminatingGateway(ObjectHeader h, MapView root)
    {
        var services = root.Map("spec")?.Maps("services").Select(s => new LinkedService(
            s.Str("name"), s.Str("caFile"), s.Str("certFile"), s.Str("keyFile"), s.Str("sni"), s.Raw("secretRef") is MappingNode, s.Span))
            .ToImmutableArray() ?? ImmutableArray<LinkedService>.Empty;
        return new TerminatingGateway(h, services);
    }

    private static ExportedServices MapExportedServices(ObjectHeader h, MapView root)
    {
        var services = root.Map("spec")?.Maps("services").Select(s => new ExportedService(
            s.Str("name"),
            s.Str("namespace"),
            s.Maps("consumers").Select(c => new ServiceConsumer(c.Str("peer"), c.Str("partition"), c.Str("samenessGroup"), c.Span)).ToImmutableArray(),
            s.Span)).ToImmutableArray() ?? ImmutableArray<ExportedService>.Empty;
        return new ExportedServices(h, services);
    }

    private static SamenessGroup MapSamenessGroup(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var members = spec?.Maps("members").Select(m => new SamenessGroupMember(m.Str("peer"), m.Str("partition"), m.Span)).ToImmutableArray()
            ?? ImmutableArray<SamenessGroupMember>.Empty;
        return new SamenessGroup(h, spec?.Bool("defaultForFailover"), spec?.Bool("includeLocal"), members);
    }

    private static JwtProvider MapJwtProvider(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var jwks = spec?.Map("jsonWebKeySet");
        var locations = ImmutableArray.CreateBuilder<JwtLocation>();
        foreach (var location in spec?.Maps("locations") ?? ImmutableArray<MapView>.Empty)
        {
            foreach (var (key, value) in location.Node.Entries)
            {
                if (key.Value is "header" or "queryParam" or "cookie")
                {
                    var name = value is MappingNode m ? new MapView(m, $"{location.Path}.{key.Value}", location.Diagnostics).Str("name") : null;
                    locations.Add(new JwtLocation(new Located<string>(key.Value, key.Span), name, key.Span));
                }
            }
        }

        return new JwtProvider(
            h,
            spec?.Str("issuer"),
            spec?.Strings("audiences") ?? ImmutableArray<Located<string>>.Empty,
            jwks?.Map("remote")?.Str("uri"),
            jwks?.Raw("local") is MappingNode,
            locations.ToImmutable(),
            spec?.Int("clockSkewSeconds"));
    }
}
