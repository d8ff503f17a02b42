using System.Globalization;
using MeshLint.Core.Model;
using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Linkerd;

namespace MeshLint.Core.Semantics.Linkerd;

/// <summary>Something Linkerd refuses, at the field that causes it.</summary>
public sealed record LinkerdProblem(SourceSpan Span, string Message);

/// <summary>
/// What Linkerd's policy admission webhook (policy-controller runtime/admission.rs), the CRD schemas and the
/// policy controller's indexer refuse. Each method lists every problem of one object; an object with problems
/// never takes effect, so the other rules leave it out.
/// </summary>
public static class LinkerdAdmission
{
    private const string Policy = LinkerdPolicy.PolicyGroup;
    private const string Gateway = LinkerdPolicy.GatewayGroup;

    public static IReadOnlyList<LinkerdProblem> AuthorizationPolicyProblems(LinkerdAuthorizationPolicy policy)
    {
        var problems = new List<LinkerdProblem>();
        if (policy.TargetRef is not { } target)
        {
            problems.Add(new(policy.SpecSpan, "spec.targetRef is required"));
        }
        else if (target.Targets(string.Empty, "Namespace"))
        {
            if (target.NameValue != policy.Namespace)
            {
                problems.Add(new(target.NameSpan, $"a policy in namespace {policy.Namespace} cannot target another namespace ({target.NameValue})"));
            }
        }
        else if (!(LinkerdPolicy.IsServerRef(target) || target.Targets(Policy, "HTTPRoute") || target.Targets(Gateway, "HTTPRoute") || target.Targets(Gateway, "GRPCRoute")))
        {
            problems.Add(new(target.KindSpan, $"unsupported authorization target type: {target.CanonicalKind}{GroupHint(target)}"));
        }

        if (!policy.HasRequiredAuthenticationRefs)
        {
            problems.Add(new(policy.SpecSpan, "spec.requiredAuthenticationRefs is required (use [] to require nothing)"));
        }

        LinkerdRef? meshTls = null;
        LinkerdRef? serviceAccount = null;
        LinkerdRef? network = null;
        foreach (var r in policy.RequiredAuthenticationRefs)
        {
            if (r.Targets(Policy, "MeshTLSAuthentication"))
            {
                if (meshTls is not null)
                {
                    problems.Add(new(r.KindSpan, "only a single MeshTLSAuthentication may be set"));
                }
                else if (serviceAccount is not null)
                {
                    problems.Add(new(r.KindSpan, "a MeshTLSAuthentication and ServiceAccount may not be set together"));
                }

                meshTls ??= r;
            }
            else if (r.Targets(string.Empty, "ServiceAccount"))
            {
                if (serviceAccount is not null)
                {
                    problems.Add(new(r.KindSpan, "only a single ServiceAccount may be set"));
                }
                else if (meshTls is not null)
                {
                    problems.Add(new(r.KindSpan, "a MeshTLSAuthentication and ServiceAccount may not be set together"));
                }

                serviceAccount ??= r;
            }
            else if (r.Targets(Policy, "NetworkAuthentication"))
            {
                if (network is not null)
                {
                    problems.Add(new(r.KindSpan, "only a single NetworkAuthentication may be set"));
                }

                network ??= r;
            }
            else
            {
                problems.Add(new(r.KindSpan, $"unsupported authentication kind: {r.CanonicalKind}{GroupHint(r)}"));
            }
        }

        return problems;
    }

    /// <summary>Linkerd kinds written without their group silently mean the core group.</summary>
    private static string GroupHint(LinkerdRef r) =>
        r.EffectiveGroup.Length == 0 && r.KindName is "Server" or "MeshTLSAuthentication" or "NetworkAuthentication" or "HTTPRoute" or "EgressNetwork"
            ? $" (without a group, kind {r.KindName} means the core group; write group: {Policy})"
            : string.Empty;

    public static IReadOnlyList<LinkerdProblem> MeshTlsProblems(MeshTlsAuthentication authentication)
    {
        var problems = new List<LinkerdProblem>();
        if (authentication.HasIdentities && authentication.HasIdentityRefs)
        {
            problems.Add(new(authentication.IdentityRefsSpan, "set either identities or identityRefs, not both"));
        }
        else if (!authentication.HasIdentities && !authentication.HasIdentityRefs)
        {
            problems.Add(new(authentication.SpecSpan, "one of identities or identityRefs is required"));
        }

        if (authentication.HasIdentities && authentication.Identities.IsEmpty)
        {
            problems.Add(new(authentication.IdentitiesSpan, "identities must list at least one identity"));
        }

        if (authentication.HasIdentityRefs && authentication.IdentityRefs.IsEmpty)
        {
            problems.Add(new(authentication.IdentityRefsSpan, "identityRefs must list at least one reference"));
        }

        foreach (var id in authentication.Identities)
        {
            if (LinkerdParsing.IdentityError(id.Value) is { } error)
            {
                problems.Add(new(id.Span, $"identity {id.Value} is invalid: {error}"));
            }
        }

        foreach (var r in authentication.IdentityRefs)
        {
            if (r.Targets(string.Empty, "ServiceAccount"))
            {
                continue;
            }

            if (r.Targets(string.Empty, "Namespace"))
            {
                if (r.Namespace is { } ns)
                {
                    problems.Add(new(ns.Span, "a Namespace identityRef is cluster-scoped and cannot have a namespace"));
                }

                continue;
            }

            problems.Add(new(r.KindSpan, $"invalid identity target kind: {r.CanonicalKind} (only ServiceAccount and Namespace)"));
        }

        return problems;
    }

    public static IReadOnlyList<LinkerdProblem> NetworkAuthenticationProblems(NetworkAuthentication authentication)
    {
        var problems = new List<LinkerdProblem>();
        if (authentication.Networks.IsEmpty)
        {
            problems.Add(new(authentication.HasNetworks ? authentication.NetworksSpan : authentication.SpecSpan, "at least one network must be specified"));
        }

        problems.AddRange(NetworkProblems(authentication.Networks));
        return problems;
    }

    public static IReadOnlyList<LinkerdProblem> EgressNetworkProblems(EgressNetwork egress)
    {
        var problems = new List<LinkerdProblem>();
        if (egress.HasNetworks && egress.Networks.IsEmpty)
        {
            problems.Add(new(egress.NetworksSpan, "at least one network must be specified when networks is set"));
        }

        if (egress.TrafficPolicy is not { Value: "Allow" or "Deny" })
        {
            problems.Add(new(egress.TrafficPolicy?.Span ?? egress.SpecSpan, $"trafficPolicy must be Allow or Deny{(egress.TrafficPolicy is { } p ? $", not {p.Value}" : string.Empty)}"));
        }

        problems.AddRange(NetworkProblems(egress.Networks));
        return problems;
    }

    /// <summary>CIDRs that do not parse, and exceptions outside their network or covering it (validate_networks).</summary>
    public static IEnumerable<LinkerdProblem> NetworkProblems(IEnumerable<LinkerdNetwork> networks)
    {
        foreach (var network in networks)
        {
            if (network.Cidr is not { } cidrText)
            {
                yield return new(network.Span, "cidr is required");
                continue;
            }

            if (LinkerdParsing.Cidr(cidrText.Value) is not { } cidr)
            {
                yield return new(cidrText.Span, $"{cidrText.Value} is not a valid CIDR or IP address");
                continue;
            }

            foreach (var exceptText in network.Except)
            {
                if (LinkerdParsing.Cidr(exceptText.Value) is not { } except)
                {
                    yield return new(exceptText.Span, $"{exceptText.Value} is not a valid CIDR or IP address");
                }
                else if (except.Contains(cidr))
                {
                    yield return new(exceptText.Span, $"cidr '{cidrText.Value}' is completely negated by exception '{exceptText.Value}'");
                }
                else if (!cidr.Contains(except))
                {
                    yield return new(exceptText.Span, $"cidr '{cidrText.Value}' does not include exception '{exceptText.Value}'");
                }
            }
        }
    }

    /// <summary>Problems the webhook rejects, then client shapes the controller cannot build (the authorization is ignored).</summary>
    public static IReadOnlyList<LinkerdProblem> ServerAuthorizationProblems(ServerAuthorization authorization)
    {
        var problems = new List<LinkerdProblem>();
        if (authorization.ServerName is null && authorization.ServerSelector is null)
        {
            problems.Add(new(authorization.ServerSpan, "server must set name or selector"));
        }

        if (authorization.Client is not { } client)
        {
            problems.Add(new(authorization.SpecSpan, "spec.client is required"));
            return problems;
        }

        if (client.MeshTls is { } mtls)
        {
            if (client.Unauthenticated?.Value == true)
            {
                problems.Add(new(client.Unauthenticated.Value.Span, "`unauthenticated` must be false when meshTLS is set"));
            }

            if (mtls.UnauthenticatedTls?.Value == true && (mtls.Identities.Length + mtls.ServiceAccounts.Length) > 0)
            {
                problems.Add(new(mtls.UnauthenticatedTls.Value.Span, "unauthenticatedTLS must be false when identities or serviceAccounts are set"));
            }
            else if (mtls.UnauthenticatedTls?.Value != true && mtls.Identities.IsEmpty && mtls.ServiceAccounts.IsEmpty)
            {
                problems.Add(new(mtls.Span, "meshTLS names no identity and no service account, so the authorization authorizes no clients"));
            }
        }
        else if (client.Unauthenticated?.Value != true)
        {
            problems.Add(new(client.Span, "the client sets neither unauthenticated nor meshTLS: no client authentication configured, so the policy controller ignores it"));
        }

        problems.AddRange(NetworkProblems(client.Networks));
        return problems;
    }

    /// <summary>Problems of a Server's spec (its accessPolicy value aside: see <see cref="AccessPolicyInvalid"/>).</summary>
    public static IReadOnlyList<LinkerdProblem> ServerProblems(Server server)
    {
        var problems = new List<LinkerdProblem>();
        if (server.PodSelector is not null && server.ExternalWorkloadSelector is not null)
        {
            problems.Add(new(server.ExternalWorkloadSelector.Span, "set exactly one of podSelector and externalWorkloadSelector, not both"));
        }
        else if (server.PodSelector is null && server.ExternalWorkloadSelector is null)
        {
            problems.Add(new(server.SpecSpan, "one of podSelector or externalWorkloadSelector is required"));
        }

        if (server.Port is not { } port)
        {
            problems.Add(new(server.SpecSpan, "spec.port is required"));
        }
        else if (server.PortIsNumber && !(long.TryParse(port.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 65535))
        {
            problems.Add(new(port.Span, $"port {port.Value} is not a port number from 1 to 65535"));
        }

        if (server.ProxyProtocol is { } protocol && protocol.Value is not ("unknown" or "HTTP/1" or "HTTP/2" or "gRPC" or "opaque" or "TLS"))
        {
            problems.Add(new(protocol.Span, $"proxyProtocol {protocol.Value} is not one of unknown, HTTP/1, HTTP/2, gRPC, opaque, TLS (case matters)"));
        }

        if (server.AccessPolicy is { } access && server.Header.Version != "v1beta3")
        {
            problems.Add(new(access.Span, $"accessPolicy is not part of policy.linkerd.io/{server.Header.Version} Server: the API server prunes it and the Server denies by default"));
        }

        return problems;
    }

    /// <summary>True when a v1beta3 Server's accessPolicy is not a policy name (the webhook rejects it).</summary>
    public static bool AccessPolicyInvalid(Server server) =>
        server.Header.Version == "v1beta3" && server.AccessPolicy is { } access && !LinkerdAnnotations.PolicyNames.Contains(access.Value);

    /// <summary>A Server the webhook admits and whose spec keeps its meaning (pruned accessPolicy aside).</summary>
    public static bool IsAdmitted(Server server) =>
        !AccessPolicyInvalid(server) && ServerProblems(server).All(p => p.Message.StartsWith("accessPolicy is not part", StringComparison.Ordinal));

    /// <summary>The policy for traffic no authorization matches: v1beta3 accessPolicy, else deny.</summary>
    public static string EffectiveAccessPolicy(Server server) =>
        server.Header.Version == "v1beta3" && server.AccessPolicy is { } access ? access.Value : "deny";

    /// <summary>
    /// Route shapes the webhook rejects or the controller drops, for routes Linkerd serves (retry and timeout
    /// annotations aside: <see cref="LinkerdRouteAnnotations"/>).
    /// </summary>
    public static IReadOnlyList<LinkerdProblem> RouteProblems(GatewayApiRoute route)
    {
        var problems = new List<LinkerdProblem>();
        if (!LinkerdPolicy.IsLinkerdRoute(route))
        {
            return problems;
        }

        var outbound = route.ParentRefs.Any(p => LinkerdPolicy.IsServiceParent(p) || LinkerdPolicy.IsEgressNetworkParent(p));
        foreach (var parent in route.ParentRefs)
        {
            if (LinkerdPolicy.IsEgressNetworkParent(parent) && parent.Port is null)
            {
                problems.Add(new(parent.Name.Span, "cannot target an EgressNetwork without specifying a port"));
            }

            if (LinkerdPolicy.IsServerParent(parent) && LinkerdRoutes.IsHttpOrGrpc(route))
            {
                if (parent.Namespace is { } ns && ns.Value != route.Namespace)
                {
                    problems.Add(new(ns.Span, "a route may not reference a parent Server in another namespace; Linkerd drops the route"));
                }

                if (parent.Port is { } port)
                {
                    problems.Add(new(port.Span, "a route may not reference a parent Server by port; Linkerd drops the route"));
                }

                if (parent.SectionName is { } section)
                {
                    problems.Add(new(section.Span, "a route may not reference a parent Server by sectionName; Linkerd drops the route"));
                }
            }
        }

        if (route.Header.Group == Gateway && LinkerdRoutes.IsHttpOrGrpc(route))
        {
            foreach (var backend in route.Rules.SelectMany(r => r.BackendRefs))
            {
                if (LinkerdRoutes.IsServiceBackend(backend) && backend.Port?.Value is null or 0)
                {
                    problems.Add(new(backend.Name.Span, $"backendRef {backend.Name.Value} is a Service without a port; the policy webhook rejects the route"));
                }
            }
        }

        foreach (var rule in route.Rules)
        {
            if (LinkerdRoutes.Timeout(rule, "request") is { } request && LinkerdRoutes.Timeout(rule, "backendRequest") is { } backend &&
                LinkerdParsing.GatewayDuration(request.Value) is { } requestTime && LinkerdParsing.GatewayDuration(backend.Value) is { } backendTime &&
                requestTime != TimeSpan.Zero && backendTime > requestTime)
            {
                problems.Add(new(backend.Span, $"timeouts.backendRequest ({backend.Value}) must not be greater than timeouts.request ({request.Value})"));
            }
        }

        if (route.Kind is "TCPRoute" or "TLSRoute" && outbound && route.Rules.Length != 1)
        {
            problems.Add(new(LinkerdRoutes.RulesSpan(route), $"{route.Kind} supports a single rule only (it has {route.Rules.Length})"));
        }

        return problems;
    }

    public static IReadOnlyList<LinkerdProblem> RateLimitProblems(HttpLocalRateLimitPolicy policy)
    {
        var problems = new List<LinkerdProblem>();
        if (policy.TargetRef is not { } target)
        {
            problems.Add(new(policy.SpecSpan, "spec.targetRef is required"));
        }
        else if (!LinkerdPolicy.IsServerRef(target))
        {
            problems.Add(new(target.KindSpan, $"invalid targetRef kind: {target.CanonicalKind} (only a policy.linkerd.io Server){GroupHint(target)}"));
        }

        var total = policy.Total;
        if (total is { Value: <= 0 })
        {
            problems.Add(new(total.Value.Span, "total.requestsPerSecond must be greater than 0"));
        }

        if (policy.Identity is { } identity)
        {
            if (identity.Value <= 0)
            {
                problems.Add(new(identity.Span, "identity.requestsPerSecond must be greater than 0"));
            }
            else if (total is { Value: > 0 } t && identity.Value > t.Value)
            {
                problems.Add(new(identity.Span, $"identity.requestsPerSecond ({identity.Value}) must be less than or equal to total.requestsPerSecond ({t.Value})"));
            }
        }

        foreach (var o in policy.Overrides)
        {
            if (o.RequestsPerSecond is { } rps)
            {
                if (rps.Value <= 0)
                {
                    problems.Add(new(rps.Span, "override.requestsPerSecond must be greater than 0"));
                }
                else if (total is { Value: > 0 } t && rps.Value > t.Value)
                {
                    problems.Add(new(rps.Span, $"override.requestsPerSecond ({rps.Value}) must be less than or equal to total.requestsPerSecond ({t.Value})"));
                }
            }

            foreach (var client in o.ClientRefs)
            {
                if (!client.Targets(string.Empty, "ServiceAccount"))
                {
                    problems.Add(new(client.KindSpan, $"overrides.clientRefs must target a ServiceAccount, not {client.CanonicalKind}"));
                }
            }
        }

        return problems;
    }
}
