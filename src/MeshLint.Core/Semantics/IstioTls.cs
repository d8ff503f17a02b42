using System.Collections.Immutable;
using MeshLint.Core.Index;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics;

/// <summary>One <c>tls</c> block of a DestinationRule and where it sits (top level, a port, a subset, a subset's port).</summary>
public sealed record DestinationRuleTls(ClientTls Tls, long? Port, Subset? Subset)
{
    public string? Mode => Tls.Mode?.Value;

    /// <summary>"port 80 of subset v1", "subset v1", "port 80", or "the whole host", for messages.</summary>
    public string Where => (Port, Subset) switch
    {
        ({ } p, { } s) => $"port {p} of subset {s.Name.Value}",
        (null, { } s) => $"subset {s.Name.Value}",
        ({ } p, null) => $"port {p}",
        _ => "the whole host",
    };
}

/// <summary>A sidecar-injected server behind a DestinationRule host, and the mTLS mode it accepts.</summary>
public sealed record MeshTarget(Service Service, Workload? Workload, MtlsDecision Mtls);

/// <summary>What a DestinationRule host covers: one host, every Service of a namespace, or the whole mesh.</summary>
public enum DestinationRuleReach
{
    Host,
    Namespace,
    Mesh,
}

/// <summary>TLS settings of DestinationRules, the way client sidecars apply them.</summary>
public static class IstioTls
{
    /// <summary>The rule's host as Istio reads it (short names expanded in the rule's namespace).</summary>
    public static string? ResolvedHost(DestinationRule rule, MeshIndex index) =>
        rule.Host is { } host ? Hosts.Resolve(host.Value, rule.Namespace ?? "default", index.Settings.ClusterDomain) : null;

    /// <summary>
    /// <c>*.ns.svc.cluster.local</c> reaches one namespace; <c>*</c>, <c>*.local</c>, <c>*.cluster.local</c> and
    /// <c>*.svc.cluster.local</c> reach every Service of the mesh; anything else is one host (or an external wildcard).
    /// </summary>
    public static DestinationRuleReach Reach(DestinationRule rule, MeshIndex index, out string? ns)
    {
        ns = null;
        var host = ResolvedHost(rule, index);
        var domain = index.Settings.ClusterDomain;
        if (host is null || !Hosts.IsWildcard(host))
        {
            return DestinationRuleReach.Host;
        }

        if (host == "*" || host == "*.local" || host == "*." + domain || host == "*.svc." + domain)
        {
            return DestinationRuleReach.Mesh;
        }

        var suffix = ".svc." + domain;
        if (host.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(suffix, StringComparison.Ordinal))
        {
            var middle = host[2..^suffix.Length];
            if (middle.Length > 0 && !middle.Contains('.', StringComparison.Ordinal))
            {
                ns = middle;
                return DestinationRuleReach.Namespace;
            }
        }

        return DestinationRuleReach.Host;
    }

    /// <summary>Kubernetes Services whose FQDN the rule's host names (exactly or by wildcard).</summary>
    public static IEnumerable<Service> ServicesCoveredBy(DestinationRule rule, MeshIndex index)
    {
        var host = ResolvedHost(rule, index);
        if (host is null)
        {
            return [];
        }

        if (!Hosts.IsWildcard(host))
        {
            return index.ServicesByHost(host);
        }

        return index.OfType<Service>().Where(s => Hosts.Matches(host, Hosts.ServiceFqdn(s.Name, s.Namespace ?? "default", index.Settings.ClusterDomain)));
    }

    /// <summary>Workloads a Service sends to (its selector matches their pod labels), optionally narrowed by subset labels.</summary>
    public static IEnumerable<Workload> Backends(Service service, MeshIndex index, Subset? subset = null) =>
        service.Selector is not { IsEmpty: false } selector
            ? []
            : index.WorkloadsIn(service.Namespace ?? "default")
                .Where(w => selector.IsSubsetOf(w.Template.Labels) && (subset is null || subset.Labels.IsSubsetOf(w.Template.Labels)));

    /// <summary>
    /// The sidecar-injected servers a <c>tls</c> block of the rule sends to, with the mTLS mode each accepts (for the
    /// block's port when it has one). A Service whose workloads are not in the files counts when its namespace is
    /// injected, with the namespace's mode.
    /// </summary>
    public static IEnumerable<MeshTarget> MeshTargets(DestinationRule rule, DestinationRuleTls tls, MeshIndex index)
    {
        foreach (var service in ServicesCoveredBy(rule, index))
        {
            var servicePort = tls.Port is { } number ? service.Ports.FirstOrDefault(p => p.Port?.Value == number) : null;
            if (tls.Port is not null && servicePort is null)
            {
                continue;
            }

            var backends = Backends(service, index).ToList();
            if (backends.Count == 0)
            {
                var ns = service.Namespace ?? "default";
                if (IstioInjection.NamespaceState(index.Namespace(ns)) == InjectionState.Enabled)
                {
                    yield return new MeshTarget(service, null, IstioMtls.ForNamespace(ns, index));
                }

                continue;
            }

            foreach (var workload in backends)
            {
                if ((tls.Subset is null || tls.Subset.Labels.IsSubsetOf(workload.Template.Labels)) && IstioInjection.IsInMesh(workload, index))
                {
                    var containerPort = servicePort is null ? null : IstioProtocols.ContainerPort(servicePort, workload);
                    yield return new MeshTarget(service, workload, IstioMtls.For(workload, index, containerPort));
                }
            }
        }
    }

    /// <summary>Every <c>tls</c> block of the rule, top level first, in file order.</summary>
    public static ImmutableArray<DestinationRuleTls> AllTls(DestinationRule rule)
    {
        var result = ImmutableArray.CreateBuilder<DestinationRuleTls>();
        Add(rule.TrafficPolicy, null, result);
        foreach (var subset in rule.Subsets)
        {
            Add(subset.TrafficPolicy, subset, result);
        }

        return result.ToImmutable();
    }

    /// <summary>True when the rule sets TLS anywhere (top level, ports, subsets).</summary>
    public static bool HasTls(DestinationRule rule) => !AllTls(rule).IsEmpty;

    private static void Add(TrafficPolicy? policy, Subset? subset, ImmutableArray<DestinationRuleTls>.Builder result)
    {
        if (policy is null)
        {
            return;
        }

        if (policy.Tls is { } tls)
        {
            result.Add(new DestinationRuleTls(tls, null, subset));
        }

        foreach (var port in policy.PortLevelSettings)
        {
            if (port.Tls is { } portTls)
            {
                result.Add(new DestinationRuleTls(portTls, port.Port?.Value, subset));
            }
        }
    }
}
