using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;

namespace MeshLint.Core.Semantics.Linkerd;

/// <summary>A workload a Server selects, and the pod ports it covers there.</summary>
public sealed record ServerSelection(Workload Workload, ImmutableArray<int> Ports);

/// <summary>How an authorization admits clients: whether it requires a mesh identity, and from which networks.</summary>
public sealed record ClientAdmission(bool RequiresIdentity, bool AnyNetwork, bool NetworksKnown, NetworkAuthentication? Network);

/// <summary>
/// Linkerd's inbound policy model over the index: which workloads and ports each Server covers, which policies,
/// routes and ServerAuthorizations attach to it, and which objects the policy webhook would reject (those are
/// left out of every other judgement: they never reach the cluster).
/// </summary>
public sealed class LinkerdPolicy
{
    public const string PolicyGroup = "policy.linkerd.io";
    public const string GatewayGroup = "gateway.networking.k8s.io";

    private readonly MeshIndex index;
    private readonly FrozenDictionary<Server, ImmutableArray<ServerSelection>> selections;
    private readonly Lazy<FrozenDictionary<Workload, ImmutableArray<ServerCover>>> coverage;

    private LinkerdPolicy(MeshIndex index)
    {
        this.index = index;
        var table = new Dictionary<Server, ImmutableArray<ServerSelection>>(ReferenceEqualityComparer.Instance);
        foreach (var server in index.OfType<Server>())
        {
            table[server] = Select(server);
        }

        selections = table.ToFrozenDictionary(ReferenceEqualityComparer.Instance);
        coverage = new(BuildCoverage);
    }

    /// <summary>For each workload, the admitted Servers that select it (in load order) with the ports each covers there.</summary>
    private FrozenDictionary<Workload, ImmutableArray<ServerCover>> BuildCoverage()
    {
        var byWorkload = new Dictionary<Workload, ImmutableArray<ServerCover>.Builder>(ReferenceEqualityComparer.Instance);
        foreach (var server in Servers)
        {
            foreach (var selection in Selections(server))
            {
                if (!byWorkload.TryGetValue(selection.Workload, out var list))
                {
                    list = ImmutableArray.CreateBuilder<ServerCover>();
                    byWorkload[selection.Workload] = list;
                }

                list.Add(new ServerCover(server, selection.Ports));
            }
        }

        var table = new Dictionary<Workload, ImmutableArray<ServerCover>>(ReferenceEqualityComparer.Instance);
        foreach (var (workload, list) in byWorkload)
        {
            table[workload] = list.ToImmutable();
        }

        return table.ToFrozenDictionary(ReferenceEqualityComparer.Instance);
    }

    private sealed record ServerCover(Server Server, ImmutableArray<int> Ports);

    public static LinkerdPolicy Of(MeshIndex index) => index.Facts(i => new LinkerdPolicy(i));

    /// <summary>Servers the webhook admits (valid selector, port and protocol).</summary>
    public IEnumerable<Server> Servers => index.OfType<Server>().Where(LinkerdAdmission.IsAdmitted);

    public IEnumerable<Server> ServersIn(string ns) => index.InNamespace<Server>(ns).Where(LinkerdAdmission.IsAdmitted);

    /// <summary>The pod workloads a Server selects and the ports it covers on each (named ports resolved per pod).</summary>
    public ImmutableArray<ServerSelection> Selections(Server server) => selections.GetValueOrDefault(server, ImmutableArray<ServerSelection>.Empty);

    /// <summary>ExternalWorkloads selected by a Server's externalWorkloadSelector.</summary>
    public IEnumerable<ExternalWorkload> ExternalWorkloads(Server server) =>
        server.ExternalWorkloadSelector is { } selector
            ? index.InNamespace<ExternalWorkload>(server.Namespace).Where(e => selector.Matches(e.Labels))
            : [];

    /// <summary>TCP container ports by name (Linkerd ignores UDP ports and unnamed ports when resolving names).</summary>
    public static IReadOnlyDictionary<string, int> NamedPorts(PodTemplate pod)
    {
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var port in pod.Containers.Concat(pod.InitContainers).SelectMany(c => c.Ports))
        {
            if (port.Name?.Value is { Length: > 0 } name && port.Port?.Value is { } number && IsTcp(port))
            {
                ports.TryAdd(name, (int)number);
            }
        }

        return ports;
    }

    /// <summary>
    /// Ports the injected linkerd-proxy container declares (named in pod specs only after injection):
    /// <c>linkerd-admin</c> (4191) and <c>linkerd-proxy</c> (4143), or their annotation overrides.
    /// </summary>
    public static int? ProxyPort(string name, PodTemplate pod)
    {
        var (annotation, fallback) = name switch
        {
            "linkerd-admin" => ("config.linkerd.io/admin-port", 4191),
            "linkerd-proxy" => ("config.linkerd.io/inbound-port", 4143),
            _ => (null as string, 0),
        };
        if (annotation is null)
        {
            return null;
        }

        return pod.Annotations[annotation] is { } value && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var overridden) ? overridden : fallback;
    }

    public static bool IsTcp(ContainerPort port) => port.Protocol?.Value is null or "TCP" or "tcp";

    /// <summary>The port numbers a Server's port covers on a pod, or none when a named port is not declared.</summary>
    public static ImmutableArray<int> PortsOn(Server server, PodTemplate pod)
    {
        if (server.Port is not { } port)
        {
            return ImmutableArray<int>.Empty;
        }

        if (server.PortIsNumber)
        {
            return int.TryParse(port.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? [number] : ImmutableArray<int>.Empty;
        }

        var ports = pod.Containers.Concat(pod.InitContainers)
            .SelectMany(c => c.Ports)
            .Where(p => IsTcp(p) && p.Name?.Value == port.Value && p.Port is not null)
            .Select(p => (int)p.Port!.Value.Value)
            .Distinct()
            .ToImmutableArray();
        if (ports.IsEmpty && ProxyPort(port.Value, pod) is { } proxyPort)
        {
            return [proxyPort];
        }

        return ports;
    }

    private ImmutableArray<ServerSelection> Select(Server server)
    {
        if (server.PodSelector is not { } selector || server.Namespace is not { } ns)
        {
            return ImmutableArray<ServerSelection>.Empty;
        }

        return index.WorkloadsIn(ns)
            .Where(w => selector.Matches(w.Template.Labels))
            .Select(w => new ServerSelection(w, PortsOn(server, w.Template)))
            .ToImmutableArray();
    }

    /// <summary>The valid Servers covering <paramref name="port"/> of a workload.</summary>
    public IEnumerable<Server> ServersCovering(Workload workload, int port) =>
        coverage.Value.GetValueOrDefault(workload, ImmutableArray<ServerCover>.Empty)
            .Where(c => c.Server.Namespace == (workload.Namespace ?? "default") && c.Ports.Contains(port))
            .Select(c => c.Server)
            .Distinct(ReferenceEqualityComparer.Instance)
            .Cast<Server>();

    /// <summary>True when the ref names a Linkerd Server (policy.linkerd.io group).</summary>
    public static bool IsServerRef(LinkerdRef r) => r.Targets(PolicyGroup, "Server");

    /// <summary>HTTPRoutes and GRPCRoutes attached to a Server: a parent of kind Server (policy.linkerd.io) by name, in the route's namespace.</summary>
    public IEnumerable<GatewayApiRoute> RoutesOn(Server server) =>
        index.InNamespace<GatewayApiRoute>(server.Namespace).Where(r => LinkerdRoutes.IsHttpOrGrpc(r) && LinkerdAdmission.RouteProblems(r).Count == 0 &&
            r.ParentRefs.Any(p => IsServerParent(p) && p.Name.Value == server.Name && p.Namespace is null && p.Port is null && p.SectionName is null));

    public static bool IsServerParent(ParentRef parent) =>
        string.Equals(LinkerdRoutes.EffectiveGroup(parent), PolicyGroup, StringComparison.OrdinalIgnoreCase) && string.Equals(parent.KindOrDefault, "Server", StringComparison.OrdinalIgnoreCase);

    public static bool IsServiceParent(ParentRef parent) =>
        LinkerdRoutes.EffectiveGroup(parent).Length == 0 && string.Equals(parent.KindOrDefault, "Service", StringComparison.OrdinalIgnoreCase);

    public static bool IsEgressNetworkParent(ParentRef parent) =>
        string.Equals(LinkerdRoutes.EffectiveGroup(parent), PolicyGroup, StringComparison.OrdinalIgnoreCase) && string.Equals(parent.KindOrDefault, "EgressNetwork", StringComparison.OrdinalIgnoreCase);

    /// <summary>A route Linkerd serves: one of its parents is a Server, a Service or an EgressNetwork.</summary>
    public static bool IsLinkerdRoute(GatewayApiRoute route) =>
        route.ParentRefs.Any(p => IsServerParent(p) || IsServiceParent(p) || IsEgressNetworkParent(p));

    /// <summary>Admitted AuthorizationPolicies in a namespace.</summary>
    public IEnumerable<LinkerdAuthorizationPolicy> AuthorizationPolicies(string? ns) =>
        index.InNamespace<LinkerdAuthorizationPolicy>(ns).Where(p => LinkerdAdmission.AuthorizationPolicyProblems(p).Count == 0);

    /// <summary>Policies that apply to a Server as a whole: by name, or through a Namespace target.</summary>
    public IEnumerable<LinkerdAuthorizationPolicy> PoliciesOnServer(Server server) =>
        AuthorizationPolicies(server.Namespace).Where(p => p.TargetRef is { } t &&
            ((IsServerRef(t) && t.NameValue == server.Name) || t.Targets(string.Empty, "Namespace")));

    /// <summary>Policies that target a route (the target's group must be the route's own group).</summary>
    public IEnumerable<LinkerdAuthorizationPolicy> PoliciesOnRoute(GatewayApiRoute route) =>
        AuthorizationPolicies(route.Namespace).Where(p => p.TargetRef is { } t &&
            t.Targets(route.Header.Group, route.Kind) && string.Equals(t.NameValue, route.Name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Admitted ServerAuthorizations that select a Server (by name, or by a selector over the Server's labels).</summary>
    public IEnumerable<ServerAuthorization> ServerAuthorizationsOn(Server server) =>
        index.InNamespace<ServerAuthorization>(server.Namespace).Where(a => LinkerdAdmission.ServerAuthorizationProblems(a).Count == 0 &&
            (a.ServerName is { } name ? name.Value == server.Name : a.ServerSelector is { } selector && selector.Matches(server.Labels)));

    /// <summary>The MeshTLSAuthentication a ref points at (in the ref's namespace, else the policy's).</summary>
    public MeshTlsAuthentication? FindMeshTls(LinkerdRef reference, string? policyNamespace) =>
        index.InNamespace<MeshTlsAuthentication>(reference.Namespace?.Value ?? policyNamespace).FirstOrDefault(m => m.Name == reference.NameValue);

    /// <summary>The NetworkAuthentication a ref points at (in the ref's namespace, else the policy's).</summary>
    public NetworkAuthentication? FindNetwork(LinkerdRef reference, string? policyNamespace) =>
        index.InNamespace<NetworkAuthentication>(reference.Namespace?.Value ?? policyNamespace).FirstOrDefault(m => m.Name == reference.NameValue);

    /// <summary>
    /// Who an AuthorizationPolicy lets in: without a MeshTLSAuthentication or ServiceAccount ref no identity is
    /// required; without a NetworkAuthentication every network is allowed (policy-controller <c>policy_client_authz</c>).
    /// </summary>
    public ClientAdmission Admission(LinkerdAuthorizationPolicy policy)
    {
        var requiresIdentity = policy.RequiredAuthenticationRefs.Any(r => r.Targets(PolicyGroup, "MeshTLSAuthentication") || r.Targets(string.Empty, "ServiceAccount"));
        var networkRef = policy.RequiredAuthenticationRefs.FirstOrDefault(r => r.Targets(PolicyGroup, "NetworkAuthentication"));
        if (networkRef is null)
        {
            return new ClientAdmission(requiresIdentity, AnyNetwork: true, NetworksKnown: true, null);
        }

        var network = FindNetwork(networkRef, policy.Namespace);
        if (network is null)
        {
            return new ClientAdmission(requiresIdentity, AnyNetwork: false, NetworksKnown: false, null);
        }

        return new ClientAdmission(requiresIdentity, CoversEverything(network.Networks), NetworksKnown: true, network);
    }

    /// <summary>True when the networks include all of IPv4 or all of IPv6 (a /0 with no exception).</summary>
    public static bool CoversEverything(IEnumerable<LinkerdNetwork> networks) =>
        networks.Any(n => n.Cidr is { } cidr && LinkerdParsing.Cidr(cidr.Value) is { PrefixLength: 0 } && n.Except.IsDefaultOrEmpty);

    /// <summary>
    /// HTTP probe paths the kubelet calls on a port of a workload (httpGet liveness, readiness and startup
    /// probes; a named probe port resolves against the probe's own container, as the policy controller does).
    /// </summary>
    public static ImmutableArray<(string Path, ContainerProbe Probe)> ProbePaths(PodTemplate pod, int port)
    {
        var paths = ImmutableArray.CreateBuilder<(string, ContainerProbe)>();
        foreach (var container in pod.Containers.Concat(pod.InitContainers))
        {
            foreach (var probe in container.AllProbes)
            {
                if (!probe.IsHttpGet || probe.Port is not { } probePort)
                {
                    continue;
                }

                int? number = int.TryParse(probePort.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    ? n
                    : container.Ports.FirstOrDefault(p => IsTcp(p) && string.Equals(p.Name?.Value, probePort.Value, StringComparison.OrdinalIgnoreCase))?.Port?.Value is long named ? (int)named : null;
                if (number == port)
                {
                    var path = probe.Path?.Value ?? "/";
                    var query = path.IndexOfAny(['?', '#']);
                    paths.Add((query >= 0 ? path[..query] : path, probe));
                }
            }
        }

        return paths.ToImmutable();
    }

    /// <summary>Every probe path on the ports a Server covers, over the workloads it selects.</summary>
    public ImmutableArray<string> ProbePaths(Server server) =>
        Selections(server).SelectMany(s => s.Ports.SelectMany(p => ProbePaths(s.Workload.Template, p))).Select(p => p.Path).Distinct(StringComparer.Ordinal).ToImmutableArray();

    /// <summary>True when a route's rules match only GET requests to exact probe paths (the documented kubelet route).</summary>
    public static bool MatchesOnlyProbes(GatewayApiRoute route, IReadOnlyCollection<string> probePaths) =>
        probePaths.Count > 0 && route.Rules.Length > 0 && route.Rules.All(rule => LinkerdRoutes.Matches(rule).Length > 0 && LinkerdRoutes.Matches(rule).All(m =>
            m.PathValue is { } path && m.PathType?.Value is null or "Exact" or "PathPrefix" && probePaths.Contains(path.Value) &&
            m.Method?.Value is null or "GET"));

    /// <summary>True when a policy targets a route whose matches are only its parent Servers' probe paths.</summary>
    public bool TargetsOnlyProbes(LinkerdAuthorizationPolicy policy)
    {
        if (policy.TargetRef is not { } target || LinkerdPolicy.IsServerRef(target) || target.Targets(string.Empty, "Namespace"))
        {
            return false;
        }

        var route = index.InNamespace<GatewayApiRoute>(policy.Namespace).FirstOrDefault(r => target.Targets(r.Header.Group, r.Kind) &&
            string.Equals(r.Name, target.NameValue, StringComparison.OrdinalIgnoreCase));
        if (route is null)
        {
            return false;
        }

        var servers = ServersIn(route.Namespace ?? "default").Where(s => route.ParentRefs.Any(p => IsServerParent(p) && p.Name.Value == s.Name));
        var paths = servers.SelectMany(s => ProbePaths(s)).ToHashSet(StringComparer.Ordinal);
        return MatchesOnlyProbes(route, paths);
    }
}
