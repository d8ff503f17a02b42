using System.Collections.Immutable;

namespace MeshLint.Core.Model.Consul;

/// <summary>
/// Base of every <c>consul.hashicorp.com</c> kind. Each config-entry resource maps to one Consul config entry named
/// after the resource; on Consul CE every Kubernetes namespace maps to the same Consul namespace, so names are
/// global per kind (see <c>ConsulCatalog</c>).
/// </summary>
public abstract record ConsulResource(ObjectHeader Header) : MeshObject(Header)
{
    public const string Group = "consul.hashicorp.com";
}

/// <summary>Any other consul.hashicorp.com kind (peering, registration, rate limits, API-gateway filters): kept typed as Consul.</summary>
public sealed record OtherConsulResource(ObjectHeader Header) : ConsulResource(Header);

/// <summary>The proxy settings ServiceDefaults and ProxyDefaults share.</summary>
public sealed record ConsulProxySettings(
    Located<string>? MutualTlsMode,
    Located<string>? Mode,
    Located<bool>? DialedDirectly,
    Located<long>? OutboundListenerPort,
    SourceSpan? TransparentProxySpan);

/// <summary>ServiceDefaults or ProxyDefaults.</summary>
public interface IConsulProxyDefaults
{
    ConsulProxySettings Proxy { get; }
}

/// <summary>A terminating-gateway destination declared on ServiceDefaults (<c>spec.destination</c>).</summary>
public sealed record ServiceDefaultsDestination(ImmutableArray<Located<string>> Addresses, Located<long>? Port, SourceSpan Span);

public sealed record ServiceDefaults(
    ObjectHeader Header,
    Located<string>? Protocol,
    ConsulProxySettings Proxy,
    ServiceDefaultsDestination? Destination) : ConsulResource(Header), IConsulProxyDefaults;

/// <summary>ProxyDefaults; <see cref="Protocol"/> is <c>spec.config.protocol</c>, the mesh-wide default protocol.</summary>
public sealed record ProxyDefaults(
    ObjectHeader Header,
    Located<string>? Protocol,
    ConsulProxySettings Proxy) : ConsulResource(Header), IConsulProxyDefaults;

/// <summary><c>tls.incoming</c> / <c>tls.outgoing</c> of Mesh, or the <c>tls</c> of an ingress gateway or listener.</summary>
public sealed record ConsulTlsSettings(Located<bool>? Enabled, bool HasSds, Located<string>? TlsMinVersion, Located<string>? TlsMaxVersion, SourceSpan Span);

/// <summary>The Mesh config entry (kind <c>Mesh</c>; named MeshConfigEntry as in Consul to avoid clashing with the rule's mesh).</summary>
public sealed record MeshConfigEntry(
    ObjectHeader Header,
    Located<bool>? AllowEnablingPermissiveMutualTls,
    Located<bool>? MeshDestinationsOnly,
    SourceSpan? TransparentProxySpan,
    ConsulTlsSettings? IncomingTls,
    ConsulTlsSettings? OutgoingTls,
    Located<bool>? InsecureDisablePathNormalization,
    Located<bool>? MergeSlashes,
    Located<bool>? ValidateClusters) : ConsulResource(Header);

/// <summary>An <c>http</c> match of an intention permission.</summary>
public sealed record IntentionHttpMatch(
    Located<string>? PathExact,
    Located<string>? PathPrefix,
    Located<string>? PathRegex,
    ImmutableArray<Located<string>> Methods,
    int HeaderCount,
    SourceSpan Span)
{
    /// <summary>True when the match constrains nothing (no path other than <c>/</c> prefix, no method, no header).</summary>
    public bool MatchesEverything =>
        PathExact is null && PathRegex is null && (PathPrefix is null || PathPrefix.Value.Value == "/") && Methods.IsDefaultOrEmpty && HeaderCount == 0;
}

public sealed record IntentionPermission(Located<string>? Action, IntentionHttpMatch? Http, bool HasJwt, SourceSpan Span);

public sealed record SourceIntention(
    Located<string>? Name,
    Located<string>? Namespace,
    Located<string>? Peer,
    Located<string>? Partition,
    Located<string>? SamenessGroup,
    Located<string>? Action,
    ImmutableArray<IntentionPermission> Permissions,
    SourceSpan? PermissionsSpan,
    SourceSpan Span)
{
    public bool IsWildcard => Name?.Value == "*" && Peer is null && Partition is null && SamenessGroup is null;
}

public sealed record IntentionDestination(Located<string>? Name, Located<string>? Namespace, SourceSpan Span);

public sealed record ServiceIntentions(
    ObjectHeader Header,
    IntentionDestination? Destination,
    ImmutableArray<SourceIntention> Sources,
    ImmutableArray<Located<string>> JwtProviders,
    SourceSpan? JwtSpan) : ConsulResource(Header)
{
    public string? DestinationName => Destination?.Name?.Value;

    public bool HasWildcardDestination => DestinationName == "*";
}

/// <summary>A header or query-parameter match of a route; <see cref="MatcherCount"/> counts exact/prefix/suffix/regex/present.</summary>
public sealed record RouteValueMatch(Located<string>? Name, int MatcherCount, SourceSpan Span);

public sealed record RouteHttpMatch(
    Located<string>? PathExact,
    Located<string>? PathPrefix,
    Located<string>? PathRegex,
    Located<bool>? CaseInsensitive,
    ImmutableArray<RouteValueMatch> Headers,
    ImmutableArray<RouteValueMatch> QueryParams,
    ImmutableArray<Located<string>> Methods,
    SourceSpan Span)
{
    public bool HasOnlyPath => Headers.IsDefaultOrEmpty && QueryParams.IsDefaultOrEmpty && Methods.IsDefaultOrEmpty;
}

public sealed record RouteDestination(
    Located<string>? Service,
    Located<string>? ServiceSubset,
    Located<string>? Namespace,
    Located<string>? PrefixRewrite,
    SourceSpan Span);

/// <summary>One route: <see cref="Http"/> is null when the route has no <c>match.http</c> (it then matches every request).</summary>
public sealed record ServiceRoute(RouteHttpMatch? Http, SourceSpan? MatchSpan, RouteDestination? Destination, SourceSpan Span);

public sealed record ServiceRouter(ObjectHeader Header, ImmutableArray<ServiceRoute> Routes) : ConsulResource(Header);

public sealed record ServiceSplit(Located<double>? Weight, Located<string>? Service, Located<string>? ServiceSubset, Located<string>? Namespace, SourceSpan Span);

public sealed record ServiceSplitter(ObjectHeader Header, ImmutableArray<ServiceSplit> Splits, SourceSpan SplitsSpan) : ConsulResource(Header);

public sealed record ResolverSubset(Located<string> Name, Located<string>? Filter, SourceSpan Span);

public sealed record ResolverRedirect(
    Located<string>? Service,
    Located<string>? ServiceSubset,
    Located<string>? Namespace,
    Located<string>? Partition,
    Located<string>? Datacenter,
    Located<string>? Peer,
    Located<string>? SamenessGroup,
    SourceSpan Span)
{
    public bool IsEmpty => Service is null && ServiceSubset is null && Namespace is null && Partition is null && Datacenter is null && Peer is null && SamenessGroup is null;
}

public sealed record FailoverTarget(
    Located<string>? Service,
    Located<string>? ServiceSubset,
    Located<string>? Namespace,
    Located<string>? Partition,
    Located<string>? Datacenter,
    Located<string>? Peer,
    SourceSpan Span);

/// <summary>One <c>failover</c> entry; <see cref="Key"/> is the subset it applies to, or <c>*</c>.</summary>
public sealed record ResolverFailover(
    Located<string> Key,
    Located<string>? Service,
    Located<string>? ServiceSubset,
    Located<string>? Namespace,
    ImmutableArray<Located<string>> Datacenters,
    SourceSpan? DatacentersSpan,
    ImmutableArray<FailoverTarget> Targets,
    SourceSpan? TargetsSpan,
    Located<string>? SamenessGroup,
    bool HasPolicy,
    SourceSpan Span)
{
    public bool IsEmpty => Service is null && ServiceSubset is null && Namespace is null && Datacenters.IsDefaultOrEmpty && Targets.IsDefaultOrEmpty && !HasPolicy && SamenessGroup is null;
}

public sealed record HashPolicy(Located<string>? Field, Located<string>? FieldValue, Located<bool>? SourceIp, SourceSpan Span);

public sealed record ServiceResolver(
    ObjectHeader Header,
    Located<string>? DefaultSubset,
    ImmutableArray<ResolverSubset> Subsets,
    ResolverRedirect? Redirect,
    ImmutableArray<ResolverFailover> Failover,
    SourceSpan? FailoverSpan,
    Located<string>? LoadBalancerPolicy,
    ImmutableArray<HashPolicy> HashPolicies) : ConsulResource(Header)
{
    public bool DefinesSubset(string name) => Subsets.Any(s => string.Equals(s.Name.Value, name, StringComparison.Ordinal));
}

public sealed record IngressService(Located<string>? Name, ImmutableArray<Located<string>> Hosts, SourceSpan? HostsSpan, bool HasSds, SourceSpan Span);

public sealed record IngressListener(
    Located<long>? Port,
    Located<string>? Protocol,
    ConsulTlsSettings? Tls,
    ImmutableArray<IngressService> Services,
    SourceSpan? ServicesSpan,
    SourceSpan Span)
{
    /// <summary>The listener protocol, empty when omitted (the consul-k8s webhook then rejects the gateway).</summary>
    public string EffectiveProtocol => Protocol?.Value ?? string.Empty;
}

public sealed record IngressGateway(ObjectHeader Header, ConsulTlsSettings? Tls, ImmutableArray<IngressListener> Listeners) : ConsulResource(Header);

public sealed record LinkedService(
    Located<string>? Name,
    Located<string>? CaFile,
    Located<string>? CertFile,
    Located<string>? KeyFile,
    Located<string>? Sni,
    bool HasSecretRef,
    SourceSpan Span);

public sealed record TerminatingGateway(ObjectHeader Header, ImmutableArray<LinkedService> Services) : ConsulResource(Header);

public sealed record ServiceConsumer(Located<string>? Peer, Located<string>? Partition, Located<string>? SamenessGroup, SourceSpan Span);

public sealed record ExportedService(Located<string>? Name, Located<string>? Namespace, ImmutableArray<ServiceConsumer> Consumers, SourceSpan Span);

public sealed record ExportedServices(ObjectHeader Header, ImmutableArray<ExportedService> Services) : ConsulResource(Header);

public sealed record SamenessGroupMember(Located<string>? Peer, Located<string>? Partition, SourceSpan Span);

public sealed record SamenessGroup(
    ObjectHeader Header,
    Located<bool>? DefaultForFailover,
    Located<bool>? IncludeLocal,
    ImmutableArray<SamenessGroupMember> Members) : ConsulResource(Header);

/// <summary>Where a JWTProvider looks for the token: <see cref="Type"/> is <c>header</c>, <c>queryParam</c> or <c>cookie</c>.</summary>
public sealed record JwtLocation(Located<string> Type, Located<string>? Name, SourceSpan Span);

public sealed record JwtProvider(
    ObjectHeader Header,
    Located<string>? Issuer,
    ImmutableArray<Located<string>> Audiences,
    Located<string>? RemoteJwksUri,
    bool HasLocalJwks,
    ImmutableArray<JwtLocation> Locations,
    Located<long>? ClockSkewSeconds) : ConsulResource(Header);

public sealed record ControlPlaneRequestLimit(ObjectHeader Header, Located<string>? Mode) : ConsulResource(Header);
