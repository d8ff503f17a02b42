using System.Collections.Immutable;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;

namespace MeshLint.Loading.Mapping;

internal static class IstioMappers
{
    private const string Security = "security.istio.io";
    private const string Networking = "networking.istio.io";

    public static void Register(Dictionary<(string, string), KindMapper> table)
    {
        table[(Security, "PeerAuthentication")] = MapPeerAuthentication;
        table[(Security, "AuthorizationPolicy")] = MapAuthorizationPolicy;
        table[(Security, "RequestAuthentication")] = MapRequestAuthentication;
        table[(Networking, "VirtualService")] = MapVirtualService;
        table[(Networking, "DestinationRule")] = MapDestinationRule;
        table[(Networking, "Gateway")] = MapGateway;
        table[(Networking, "ServiceEntry")] = MapServiceEntry;
        table[(Networking, "Sidecar")] = MapSidecar;
        table[("install.istio.io", "IstioOperator")] = (h, root) => new IstioOperator(h, root.Map("spec")?.Map("meshConfig")?.Node);
    }

    internal static WorkloadSelector? ReadSelector(MapView? spec, string key, string labelsKey)
    {
        if (spec?.Map(key) is not { } selector)
        {
            return null;
        }

        var labels = selector.Labels(labelsKey);
        return new WorkloadSelector(labels ?? LabelSet.Empty, spec.Value.KeySpan(key));
    }

    internal static ImmutableArray<PolicyTargetRef> ReadTargetRefs(MapView? spec)
    {
        if (spec is not { } s)
        {
            return ImmutableArray<PolicyTargetRef>.Empty;
        }

        var refs = s.Maps("targetRefs");
        if (s.Map("targetRef") is { } single)
        {
            refs = refs.Add(single);
        }

        return refs.Select(r => new PolicyTargetRef(r.Str("group"), r.Str("kind"), r.Str("name"), r.Str("namespace"), r.Span)).ToImmutableArray();
    }

    private static PeerAuthentication MapPeerAuthentication(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var mtls = spec?.Map("mtls");
        var ports = ImmutableArray.CreateBuilder<PortMtls>();
        if (spec?.Map("portLevelMtls") is { } portLevel)
        {
            foreach (var (key, value) in portLevel.Node.Entries)
            {
                var mode = value is MappingNode m ? new MapView(m, $"{portLevel.Path}.{key.Value}", portLevel.Diagnostics).Str("mode") : null;
                ports.Add(new PortMtls(new Located<string>(key.Value, key.Span), mode, key.Span));
            }
        }

        return new PeerAuthentication(h, ReadSelector(spec, "selector", "matchLabels"), mtls?.Str("mode"), spec?.KeySpan("mtls"), ports.ToImmutable());
    }

    private static MatchClause ReadClause(MapView clause)
    {
        var fields = ImmutableArray.CreateBuilder<MatchField>();
        foreach (var (key, value) in clause.Node.Entries)
        {
            var values = value switch
            {
                SequenceNode => clause.Strings(key.Value),
                ScalarNode { IsNull: false } scalar when key.Value == "key" => [new Located<string>(scalar.Value, scalar.Span)],
                _ => ImmutableArray<Located<string>>.Empty,
            };
            fields.Add(new MatchField(new Located<string>(key.Value, key.Span), values));
        }

        return new MatchClause(fields.ToImmutable(), clause.Span);
    }

    private static AuthorizationPolicy MapAuthorizationPolicy(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var rules = ImmutableArray.CreateBuilder<AuthorizationRule>();
        if (spec is { } s)
        {
            foreach (var rule in s.Maps("rules"))
            {
                var from = rule.Maps("from").Select(f => f.Map("source") is { } src ? ReadClause(src) : new MatchClause([], f.Span)).ToImmutableArray();
                var to = rule.Maps("to").Select(t => t.Map("operation") is { } op ? ReadClause(op) : new MatchClause([], t.Span)).ToImmutableArray();
                var when = rule.Maps("when").Select(ReadClause).ToImmutableArray();
                rules.Add(new AuthorizationRule(from, to, when, rule.Span));
            }
        }

        return new AuthorizationPolicy(
            h,
            ReadSelector(spec, "selector", "matchLabels"),
            ReadTargetRefs(spec),
            spec?.Str("action"),
            rules.ToImmutable(),
            spec?.Raw("rules") is null ? null : spec.Value.KeySpan("rules"));
    }

    private static RequestAuthentication MapRequestAuthentication(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var jwtRules = spec?.Maps("jwtRules")
            .Select(j => new JwtRule(
                j.Str("issuer"),
                j.Str("jwksUri"),
                j.Raw("jwks") is not null,
                j.Strings("audiences"),
                j.Strings("fromParams"),
                j.Bool("forwardOriginalToken"),
                j.Span))
            .ToImmutableArray() ?? ImmutableArray<JwtRule>.Empty;
        return new RequestAuthentication(h, ReadSelector(spec, "selector", "matchLabels"), ReadTargetRefs(spec), jwtRules);
    }

    private static Destination? ReadDestination(MapView? parent, string key)
    {
        if (parent?.Map(key) is not { } d || d.Str("host") is not { } host)
        {
            return null;
        }

        var port = d.Map("port")?.Int("number");
        return new Destination(host, d.Str("subset"), port, d.Span);
    }

    private static ImmutableArray<VirtualServiceRoute> ReadRoutes(MapView spec, string protocol)
    {
        var routes = ImmutableArray.CreateBuilder<VirtualServiceRoute>();
        var index = 0;
        foreach (var r in spec.Maps(protocol))
        {
            var matches = r.Maps("match");
            var matchGateways = matches.SelectMany(m => m.Strings("gateways")).ToImmutableArray();
            var destinations = r.Maps("route")
                .Select(rd => ReadDestination(rd, "destination") is { } dest ? new RouteDestination(dest, rd.Int("weight"), rd.Span) : null)
                .OfType<RouteDestination>()
                .ToImmutableArray();
            DelegateRef? delegateRef = r.Map("delegate") is { } del && del.Str("name") is { } delName
                ? new DelegateRef(delName, del.Str("namespace"), del.Span)
                : null;
            HttpRetry? retries = r.Map("retries") is { } re
                ? new HttpRetry(re.Int("attempts"), re.Str("perTryTimeout"), re.Str("retryOn"), r.KeySpan("retries"))
                : null;
            routes.Add(new VirtualServiceRoute(
                protocol,
                index++,
                r.Str("name"),
                matches.Select(m => m.Node).ToImmutableArray(),
                matchGateways,
                destinations,
                r.Raw("route") is null ? null : r.KeySpan("route"),
                delegateRef,
                r.Map("fault")?.Node,
                retries,
                r.Str("timeout"),
                ReadDestination(r, "mirror"),
                r.Node)
            {
                Mirrors = r.Maps("mirrors").Select(m => ReadDestination(m, "destination")).OfType<Destination>().ToImmutableArray(),
            });
        }

        return routes.ToImmutable();
    }

    private static VirtualService MapVirtualService(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        if (spec is not { } s)
        {
            return new VirtualService(h, [], [], [], [], [], []);
        }

        return new VirtualService(
            h,
            s.Strings("hosts"),
            s.Strings("gateways"),
            s.Strings("exportTo"),
            ReadRoutes(s, "http"),
            ReadRoutes(s, "tcp"),
            ReadRoutes(s, "tls"));
    }

    private static ClientTls? ReadClientTls(MapView? parent)
    {
        if (parent?.Map("tls") is not { } tls)
        {
            return null;
        }

        return new ClientTls(tls.Str("mode"), tls.Bool("insecureSkipVerify"), tls.Str("credentialName"), tls.Str("caCertificates"), tls.Str("sni"), parent.Value.KeySpan("tls"));
    }

    private static TrafficPolicy? ReadTrafficPolicy(MapView? parent)
    {
        if (parent?.Map("trafficPolicy") is not { } tp)
        {
            return null;
        }

        var ports = tp.Maps("portLevelSettings")
            .Select(p => new PortTrafficPolicy(p.Map("port")?.Int("number"), ReadClientTls(p), p.Node))
            .ToImmutableArray();
        return new TrafficPolicy(ReadClientTls(tp), tp.Map("connectionPool")?.Node, tp.Map("outlierDetection")?.Node, tp.Map("loadBalancer")?.Node, ports, tp.Node);
    }

    private static DestinationRule MapDestinationRule(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var subsets = spec?.Maps("subsets")
            .Select(s => s.Str("name") is { } name ? new Subset(name, s.Labels("labels") ?? LabelSet.Empty, ReadTrafficPolicy(s), s.Span) : null)
            .OfType<Subset>()
            .ToImmutableArray() ?? ImmutableArray<Subset>.Empty;
        return new DestinationRule(
            h,
            spec?.Str("host"),
            spec?.Strings("exportTo") ?? ImmutableArray<Located<string>>.Empty,
            ReadSelector(spec, "workloadSelector", "matchLabels"),
            ReadTrafficPolicy(spec),
            subsets);
    }

    private static Gateway MapGateway(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var servers = spec?.Maps("servers")
            .Select(s =>
            {
                var port = s.Map("port") is { } p ? new GatewayPort(p.Int("number"), p.Str("name"), p.Str("protocol"), p.Span) : null;
                var tls = s.Map("tls") is { } t
                    ? new ServerTls(t.Str("mode"), t.Bool("httpsRedirect"), t.Str("credentialName"), t.Str("serverCertificate"), t.Str("minProtocolVersion"), s.KeySpan("tls"))
                    {
                        PrivateKey = t.Str("privateKey"),
                        CredentialNames = t.Strings("credentialNames"),
                    }
                    : null;
                return new GatewayServer(s.Str("name"), port, s.Strings("hosts"), tls, s.Span) { Bind = s.Str("bind") };
            })
            .ToImmutableArray() ?? ImmutableArray<GatewayServer>.Empty;
        return new Gateway(h, spec?.Labels("selector"), servers);
    }

    private static ServiceEntry MapServiceEntry(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var ports = spec?.Maps("ports")
            .Select(p => new ServiceEntryPort(p.Int("number"), p.Str("name"), p.Str("protocol"), p.Int("targetPort"), p.Span))
            .ToImmutableArray() ?? ImmutableArray<ServiceEntryPort>.Empty;
        return new ServiceEntry(
            h,
            spec?.Strings("hosts") ?? [],
            spec?.Strings("addresses") ?? [],
            ports,
            spec?.Str("location"),
            spec?.Str("resolution"),
            spec?.Strings("exportTo") ?? [],
            ReadSelector(spec, "workloadSelector", "labels"),
            spec?.Seq("endpoints"));
    }

    private static Sidecar MapSidecar(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var egress = spec?.Maps("egress")
            .Select(e => new SidecarEgress(e.Strings("hosts"), e.Map("port")?.Node, e.Str("bind"), e.Span))
            .ToImmutableArray() ?? ImmutableArray<SidecarEgress>.Empty;
        return new Sidecar(
            h,
            ReadSelector(spec, "workloadSelector", "labels"),
            egress,
            spec?.Seq("ingress"),
            spec?.Map("outboundTrafficPolicy")?.Str("mode"),
            spec?.Map("outboundTrafficPolicy")?.Node);
    }
}
