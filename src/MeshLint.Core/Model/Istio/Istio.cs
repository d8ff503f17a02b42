using System.Collections.Immutable;

namespace MeshLint.Core.Model.Istio;

/// <summary>
/// A <c>selector.matchLabels</c> or <c>workloadSelector.labels</c>. Null on an object means "no selector":
/// the object applies to the whole namespace (or the mesh, in the root namespace).
/// </summary>
public sealed record WorkloadSelector(LabelSet Labels, SourceSpan Span);

/// <summary>A Kubernetes Gateway API style <c>targetRef</c>/<c>targetRefs</c> entry.</summary>
public sealed record PolicyTargetRef(Located<string>? Group, Located<string>? Kind, Located<string>? Name, Located<string>? Namespace, SourceSpan Span);

public sealed record PortMtls(Located<string> Port, Located<string>? Mode, SourceSpan Span);

public sealed record PeerAuthentication(
    ObjectHeader Header,
    WorkloadSelector? Selector,
    Located<string>? MtlsMode,
    SourceSpan? MtlsSpan,
    ImmutableArray<PortMtls> PortLevelMtls) : MeshObject(Header);

/// <summary>One field of an AuthorizationPolicy source, operation or condition (e.g. <c>principals</c>) with its values.</summary>
public sealed record MatchField(Located<string> Field, ImmutableArray<Located<string>> Values);

/// <summary>A <c>from.source</c>, <c>to.operation</c> or <c>when</c> entry: the fields it sets, in file order.</summary>
public sealed record MatchClause(ImmutableArray<MatchField> Fields, SourceSpan Span)
{
    public MatchField? Get(string field) => Fields.FirstOrDefault(f => string.Equals(f.Field.Value, field, StringComparison.Ordinal));

    public bool IsEmpty => Fields.All(f => f.Values.IsEmpty);
}

public sealed record AuthorizationRule(
    ImmutableArray<MatchClause> From,
    ImmutableArray<MatchClause> To,
    ImmutableArray<MatchClause> When,
    SourceSpan Span)
{
    /// <summary>A rule with no source, operation or condition matches every request.</summary>
    public bool MatchesEverything => From.All(c => c.IsEmpty) && To.All(c => c.IsEmpty) && When.IsEmpty;
}

public sealed record AuthorizationPolicy(
    ObjectHeader Header,
    WorkloadSelector? Selector,
    ImmutableArray<PolicyTargetRef> TargetRefs,
    Located<string>? ActionField,
    ImmutableArray<AuthorizationRule> Rules,
    SourceSpan? RulesSpan) : MeshObject(Header)
{
    /// <summary>ALLOW when the field is absent, as Istio defaults it.</summary>
    public string Action => ActionField?.Value ?? "ALLOW";
}

public sealed record JwtRule(
    Located<string>? Issuer,
    Located<string>? JwksUri,
    bool HasInlineJwks,
    ImmutableArray<Located<string>> Audiences,
    ImmutableArray<Located<string>> FromParams,
    Located<bool>? ForwardOriginalToken,
    SourceSpan Span);

public sealed record RequestAuthentication(
    ObjectHeader Header,
    WorkloadSelector? Selector,
    ImmutableArray<PolicyTargetRef> TargetRefs,
    ImmutableArray<JwtRule> JwtRules) : MeshObject(Header);

public sealed record Destination(Located<string> Host, Located<string>? Subset, Located<long>? Port, SourceSpan Span);

public sealed record RouteDestination(Destination Destination, Located<long>? Weight, SourceSpan Span);

public sealed record HttpRetry(Located<long>? Attempts, Located<string>? PerTryTimeout, Located<string>? RetryOn, SourceSpan Span);

public sealed record DelegateRef(Located<string> Name, Located<string>? Namespace, SourceSpan Span);

/// <summary>An http, tcp or tls route of a VirtualService. Match and other details stay in <see cref="Node"/>.</summary>
public sealed record VirtualServiceRoute(
    string Protocol,
    int Index,
    Located<string>? Name,
    ImmutableArray<MappingNode> Matches,
    ImmutableArray<Located<string>> MatchGateways,
    ImmutableArray<RouteDestination> Routes,
    SourceSpan? RouteSpan,
    DelegateRef? Delegate,
    MappingNode? Fault,
    HttpRetry? Retries,
    Located<string>? Timeout,
    Destination? Mirror,
    MappingNode Node)
{
    /// <summary><c>http[].mirrors[].destination</c>: the newer list form of <c>mirror</c>.</summary>
    public ImmutableArray<Destination> Mirrors { get; init; } = ImmutableArray<Destination>.Empty;

    /// <summary>Every mirror destination, <c>mirror</c> first.</summary>
    public IEnumerable<Destination> AllMirrors => Mirror is null ? Mirrors : Mirrors.Prepend(Mirror);
}

public sealed record VirtualService(
    ObjectHeader Header,
    ImmutableArray<Located<string>> Hosts,
    ImmutableArray<Located<string>> Gateways,
    ImmutableArray<Located<string>> ExportTo,
    ImmutableArray<VirtualServiceRoute> Http,
    ImmutableArray<VirtualServiceRoute> Tcp,
    ImmutableArray<VirtualServiceRoute> Tls) : MeshObject(Header)
{
    /// <summary>A delegate VirtualService has no hosts; another VirtualService's route points at it.</summary>
    public bool IsDelegate => Hosts.IsDefaultOrEmpty;

    public IEnumerable<VirtualServiceRoute> AllRoutes => Http.Concat(Tcp).Concat(Tls);

    /// <summary>Gateways the VirtualService binds to; none named means the sidecars (<c>mesh</c>).</summary>
    public IEnumerable<string> EffectiveGateways => Gateways.IsDefaultOrEmpty ? ["mesh"] : Gateways.Select(g => g.Value);
}

public sealed record ClientTls(
    Located<string>? Mode,
    Located<bool>? InsecureSkipVerify,
    Located<string>? CredentialName,
    Located<string>? CaCertificates,
    Located<string>? Sni,
    SourceSpan Span);

public sealed record PortTrafficPolicy(Located<long>? Port, ClientTls? Tls, MappingNode Node);

public sealed record TrafficPolicy(
    ClientTls? Tls,
    MappingNode? ConnectionPool,
    MappingNode? OutlierDetection,
    MappingNode? LoadBalancer,
    ImmutableArray<PortTrafficPolicy> PortLevelSettings,
    MappingNode Node);

public sealed record Subset(Located<string> Name, LabelSet Labels, TrafficPolicy? TrafficPolicy, SourceSpan Span);

public sealed record DestinationRule(
    ObjectHeader Header,
    Located<string>? Host,
    ImmutableArray<Located<string>> ExportTo,
    WorkloadSelector? WorkloadSelector,
    TrafficPolicy? TrafficPolicy,
    ImmutableArray<Subset> Subsets) : MeshObject(Header);

public sealed record GatewayPort(Located<long>? Number, Located<string>? Name, Located<string>? Protocol, SourceSpan Span);

public sealed record ServerTls(
    Located<string>? Mode,
    Located<bool>? HttpsRedirect,
    Located<string>? CredentialName,
    Located<string>? ServerCertificate,
    Located<string>? MinProtocolVersion,
    SourceSpan Span)
{
    public Located<string>? PrivateKey { get; init; }

    /// <summary><c>credentialNames</c>: several certificates (for example RSA and ECDSA) for one server.</summary>
    public ImmutableArray<Located<string>> CredentialNames { get; init; } = ImmutableArray<Located<string>>.Empty;
}

public sealed record GatewayServer(
    Located<string>? Name,
    GatewayPort? Port,
    ImmutableArray<Located<string>> Hosts,
    ServerTls? Tls,
    SourceSpan Span)
{
    /// <summary><c>bind</c>: the IP (or Unix socket) the server listens on; servers on different binds do not collide.</summary>
    public Located<string>? Bind { get; init; }
}

public sealed record Gateway(
    ObjectHeader Header,
    LabelSet? Selector,
    ImmutableArray<GatewayServer> Servers) : MeshObject(Header);

public sealed record ServiceEntryPort(Located<long>? Number, Located<string>? Name, Located<string>? Protocol, Located<long>? TargetPort, SourceSpan Span);

public sealed record ServiceEntry(
    ObjectHeader Header,
    ImmutableArray<Located<string>> Hosts,
    ImmutableArray<Located<string>> Addresses,
    ImmutableArray<ServiceEntryPort> Ports,
    Located<string>? Location,
    Located<string>? Resolution,
    ImmutableArray<Located<string>> ExportTo,
    WorkloadSelector? WorkloadSelector,
    SequenceNode? Endpoints) : MeshObject(Header);

public sealed record SidecarEgress(ImmutableArray<Located<string>> Hosts, MappingNode? Port, Located<string>? Bind, SourceSpan Span);

public sealed record Sidecar(
    ObjectHeader Header,
    WorkloadSelector? WorkloadSelector,
    ImmutableArray<SidecarEgress> Egress,
    SequenceNode? Ingress,
    Located<string>? OutboundTrafficPolicyMode,
    MappingNode? OutboundTrafficPolicy = null) : MeshObject(Header);
