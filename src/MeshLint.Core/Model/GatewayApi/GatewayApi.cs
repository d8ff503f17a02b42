using System.Collections.Immutable;

namespace MeshLint.Core.Model.GatewayApi;

/// <summary>A route's <c>parentRefs</c> entry: a Gateway (the default kind) or, for mesh (GAMMA) routing, a Service.</summary>
public sealed record ParentRef(
    Located<string>? Group,
    Located<string>? Kind,
    Located<string> Name,
    Located<string>? Namespace,
    Located<string>? SectionName,
    Located<long>? Port,
    SourceSpan Span,
    string DefaultGroup = GatewayApiGroups.Gateway)
{
    public string KindOrDefault => Kind?.Value ?? "Gateway";

    /// <summary>The group as the API server stores it: the CRD default (gateway.networking.k8s.io, or policy.linkerd.io in Linkerd's own HTTPRoute) when unset.</summary>
    public string GroupOrDefault => Group?.Value ?? DefaultGroup;

    public bool IsGateway => KindOrDefault == "Gateway" && GroupOrDefault == GatewayApiGroups.Gateway;

    public bool IsService => KindOrDefault == "Service" && GroupOrDefault.Length == 0;

    public string NamespaceOr(string routeNamespace) => Namespace?.Value ?? routeNamespace;
}

/// <summary>A <c>backendRefs</c> entry (or a <c>certificateRefs</c> entry of a listener): an object in some namespace.</summary>
public sealed record BackendRef(
    Located<string>? Group,
    Located<string>? Kind,
    Located<string> Name,
    Located<string>? Namespace,
    Located<long>? Port,
    Located<long>? Weight,
    SourceSpan Span)
{
    /// <summary>The kind the reference names; <paramref name="defaultKind"/> (Service for backends, Secret for certificates) when unset.</summary>
    public string KindOr(string defaultKind) => Kind?.Value ?? defaultKind;

    public string GroupOrCore => Group?.Value ?? string.Empty;

    public string NamespaceOr(string ownNamespace) => Namespace?.Value ?? ownNamespace;
}

/// <summary>One rule of a route: its backends; matches and filters stay in <see cref="Node"/>.</summary>
public sealed record GatewayApiRouteRule(ImmutableArray<BackendRef> BackendRefs, MappingNode Node);

/// <summary>An HTTPRoute, GRPCRoute, TCPRoute, TLSRoute or UDPRoute.</summary>
public sealed record GatewayApiRoute(
    ObjectHeader Header,
    ImmutableArray<ParentRef> ParentRefs,
    ImmutableArray<Located<string>> Hostnames,
    ImmutableArray<GatewayApiRouteRule> Rules) : MeshObject(Header);

/// <summary>A Gateway listener: one port, protocol and (optional) hostname.</summary>
public sealed record Listener(
    Located<string>? Name,
    Located<string>? Hostname,
    Located<long>? Port,
    Located<string>? Protocol,
    Located<string>? TlsMode,
    ImmutableArray<BackendRef> CertificateRefs,
    Located<string>? AllowedNamespacesFrom,
    LabelSelector? AllowedNamespacesSelector,
    SourceSpan Span)
{
    /// <summary><c>allowedRoutes.namespaces.from</c>, <c>Same</c> when unset as the API defaults it.</summary>
    public string AllowedFrom => AllowedNamespacesFrom?.Value ?? "Same";
}

/// <summary>A requested address: <c>IPAddress</c> (the default type), <c>Hostname</c> or an implementation's type.</summary>
public sealed record GatewayAddress(Located<string>? Type, Located<string> Value, SourceSpan Span)
{
    public string TypeOrDefault => Type?.Value ?? "IPAddress";
}

/// <summary>A Gateway API <c>Gateway</c> (gateway.networking.k8s.io), which Istio serves with its own gateway deployments.</summary>
public sealed record KubernetesGateway(
    ObjectHeader Header,
    Located<string>? GatewayClassName,
    ImmutableArray<Listener> Listeners,
    ImmutableArray<GatewayAddress> Addresses) : MeshObject(Header);

public sealed record ReferenceGrantFrom(Located<string>? Group, Located<string>? Kind, Located<string>? Namespace, SourceSpan Span);

public sealed record ReferenceGrantTo(Located<string>? Group, Located<string>? Kind, Located<string>? Name, SourceSpan Span);

/// <summary>Consent, in the target namespace, for objects of other namespaces to reference objects here.</summary>
public sealed record ReferenceGrant(
    ObjectHeader Header,
    ImmutableArray<ReferenceGrantFrom> From,
    ImmutableArray<ReferenceGrantTo> To) : MeshObject(Header);

public static class GatewayApiGroups
{
    public const string Gateway = "gateway.networking.k8s.io";

    /// <summary>Linkerd's own copy of HTTPRoute (same shape; its parents default to this group).</summary>
    public const string LinkerdPolicy = "policy.linkerd.io";

    /// <summary>The route kinds Istio implements.</summary>
    public static readonly ImmutableArray<string> RouteKinds = ["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute"];
}
