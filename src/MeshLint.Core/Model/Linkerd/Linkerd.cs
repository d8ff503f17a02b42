using System.Collections.Immutable;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Model.Linkerd;

/// <summary>
/// A Linkerd object reference: <c>targetRef</c>, <c>requiredAuthenticationRefs</c>, <c>identityRefs</c>,
/// <c>clientRefs</c>. Linkerd compares kinds case-insensitively and reads a missing or empty group as the core group.
/// </summary>
public sealed record LinkerdRef(Located<string>? Group, Located<string>? Kind, Located<string>? Name, Located<string>? Namespace, SourceSpan Span)
{
    public const string PolicyGroup = "policy.linkerd.io";
    public const string GatewayGroup = "gateway.networking.k8s.io";

    /// <summary>The group as Linkerd reads it: "" for the core group (missing, empty or <c>core</c>).</summary>
    public string EffectiveGroup => Group?.Value is null or "" || string.Equals(Group.Value.Value, "core", StringComparison.OrdinalIgnoreCase) ? string.Empty : Group.Value.Value;

    public string KindName => Kind?.Value ?? string.Empty;

    public string NameValue => Name?.Value ?? string.Empty;

    /// <summary>True when the ref names <paramref name="kind"/> in <paramref name="group"/> ("" for core), as Linkerd's <c>targets_kind</c> decides.</summary>
    public bool Targets(string group, string kind) =>
        string.Equals(EffectiveGroup, group, StringComparison.OrdinalIgnoreCase) && string.Equals(KindName, kind, StringComparison.OrdinalIgnoreCase);

    /// <summary>"Kind" for the core group, "Kind.group" otherwise (Linkerd's canonical kind).</summary>
    public string CanonicalKind => EffectiveGroup.Length == 0 ? KindName : $"{KindName}.{EffectiveGroup}";

    public SourceSpan KindSpan => Kind?.Span ?? Span;

    public SourceSpan NameSpan => Name?.Span ?? Span;
}

/// <summary>A <c>networks</c> entry: a CIDR and the sub-ranges it excludes.</summary>
public sealed record LinkerdNetwork(Located<string>? Cidr, ImmutableArray<Located<string>> Except, SourceSpan Span);

/// <summary>policy.linkerd.io Server: one port on a set of pods (or external workloads) of its namespace.</summary>
public sealed record Server(
    ObjectHeader Header,
    LabelSelector? PodSelector,
    LabelSelector? ExternalWorkloadSelector,
    Located<string>? Port,
    bool PortIsNumber,
    Located<string>? ProxyProtocol,
    Located<string>? AccessPolicy) : MeshObject(Header)
{
    /// <summary>The selector in use: the pod selector, else the external-workload selector.</summary>
    public LabelSelector? Selector => PodSelector ?? ExternalWorkloadSelector;
}

public sealed record ServerAuthorizationMeshTls(
    Located<bool>? UnauthenticatedTls,
    ImmutableArray<Located<string>> Identities,
    ImmutableArray<LinkerdRef> ServiceAccounts,
    SourceSpan Span);

public sealed record ServerAuthorizationClient(
    Located<bool>? Unauthenticated,
    ImmutableArray<LinkerdNetwork> Networks,
    bool HasNetworks,
    ServerAuthorizationMeshTls? MeshTls,
    SourceSpan Span);

/// <summary>policy.linkerd.io ServerAuthorization (legacy): which Servers, and which clients.</summary>
public sealed record ServerAuthorization(
    ObjectHeader Header,
    Located<string>? ServerName,
    LabelSelector? ServerSelector,
    SourceSpan ServerSpan,
    ServerAuthorizationClient? Client) : MeshObject(Header);

/// <summary>policy.linkerd.io AuthorizationPolicy (named to stay apart from Istio's kind of the same name).</summary>
public sealed record LinkerdAuthorizationPolicy(
    ObjectHeader Header,
    LinkerdRef? TargetRef,
    ImmutableArray<LinkerdRef> RequiredAuthenticationRefs,
    bool HasRequiredAuthenticationRefs,
    SourceSpan RequiredAuthenticationRefsSpan) : MeshObject(Header);

public sealed record MeshTlsAuthentication(
    ObjectHeader Header,
    ImmutableArray<Located<string>> Identities,
    bool HasIdentities,
    SourceSpan IdentitiesSpan,
    ImmutableArray<LinkerdRef> IdentityRefs,
    bool HasIdentityRefs,
    SourceSpan IdentityRefsSpan) : MeshObject(Header);

public sealed record NetworkAuthentication(
    ObjectHeader Header,
    ImmutableArray<LinkerdNetwork> Networks,
    bool HasNetworks,
    SourceSpan NetworksSpan) : MeshObject(Header);

public sealed record EgressNetwork(
    ObjectHeader Header,
    ImmutableArray<LinkerdNetwork> Networks,
    bool HasNetworks,
    SourceSpan NetworksSpan,
    Located<string>? TrafficPolicy) : MeshObject(Header);

public sealed record RateLimitOverride(Located<long>? RequestsPerSecond, ImmutableArray<LinkerdRef> ClientRefs, SourceSpan Span);

public sealed record HttpLocalRateLimitPolicy(
    ObjectHeader Header,
    LinkerdRef? TargetRef,
    Located<long>? Total,
    Located<long>? Identity,
    ImmutableArray<RateLimitOverride> Overrides) : MeshObject(Header);

public sealed record ServiceProfileResponseClass(MappingNode? Condition, SourceSpan Span);

public sealed record ServiceProfileRoute(
    Located<string>? Name,
    MappingNode? Condition,
    ImmutableArray<ServiceProfileResponseClass> ResponseClasses,
    Located<bool>? IsRetryable,
    Located<string>? Timeout,
    SourceSpan Span);

public sealed record ServiceProfileRetryBudget(Located<string>? RetryRatio, Located<string>? MinRetriesPerSecond, Located<string>? Ttl, SourceSpan Span);

/// <summary>linkerd.io ServiceProfile: per-route configuration of the Service its name spells.</summary>
public sealed record ServiceProfile(
    ObjectHeader Header,
    ImmutableArray<ServiceProfileRoute> Routes,
    ServiceProfileRetryBudget? RetryBudget) : MeshObject(Header);

/// <summary>workload.linkerd.io ExternalWorkload: a VM or host enrolled in the mesh.</summary>
public sealed record ExternalWorkload(
    ObjectHeader Header,
    Located<string>? Identity,
    Located<string>? ServerName,
    ImmutableArray<ContainerPort> Ports) : MeshObject(Header);

public sealed record TrafficSplitBackend(Located<string>? Service, Located<string>? Weight, SourceSpan Span);

/// <summary>split.smi-spec.io TrafficSplit (legacy, linkerd-smi extension).</summary>
public sealed record TrafficSplit(
    ObjectHeader Header,
    Located<string>? Service,
    ImmutableArray<TrafficSplitBackend> Backends) : MeshObject(Header);
