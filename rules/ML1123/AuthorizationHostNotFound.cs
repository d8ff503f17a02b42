using MeshLint.Core.Index;
using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class AuthorizationHostNotFound : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1123",
        Name: "AuthorizationHostNotFound",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "AuthorizationPolicy operation host matches nothing",
        Description: "`to.operation.hosts` and `notHosts` are compared with the request's Host header (or :authority). A host no Service, ServiceEntry, VirtualService, Gateway or Gateway API listener or route answers to never appears there, so the rule is dead: an ALLOW rule grants nothing and the callers it was written for are denied, a DENY rule blocks nothing, and an exclusion excludes nothing. A cluster-local name (`name.ns.svc.cluster.local`) of a namespace the files hold is reported when no Service has that name. Other names may be served elsewhere (public hostnames, other repositories): unless the files are the whole mesh (settings: complete), they are reported only when they are one or two edits away from a known host, as a typo. Hosts with a wildcard are not judged; a `:port` suffix is ignored.",
        Remediation: "Correct the host (compare it with the Service or the gateway's hosts), or remove the entry if the service is gone. To match every port of a host, add `host:*` next to `host`.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["AuthorizationPolicy", "Service", "ServiceEntry", "VirtualService", "Gateway", "HTTPRoute", "GRPCRoute", "TLSRoute", "Namespace", "ConfigMap", "IstioOperator"],
        SecuritySeverity: 5.0,
        Equivalents: ["KIA0104"],
        Tags: ["authorization", "security", "reference"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var policies = index.OfType<AuthorizationPolicy>().Where(p => p.Rules.Any(r => r.To.Any(c => c.Get("hosts") is not null || c.Get("notHosts") is not null))).ToList();
        if (policies.Count == 0)
        {
            yield break;
        }

        var known = KnownHosts(index);
        var domain = context.Settings.ClusterDomain;
        foreach (var policy in policies)
        {
            foreach (var field in policy.Rules.SelectMany(r => r.To).SelectMany(c => c.Fields).Where(f => f.Field.Value is "hosts" or "notHosts"))
            {
                foreach (var value in field.Values)
                {
                    var host = StripPort(value.Value).TrimEnd('.');
                    if (host.Length == 0 || host.Contains('*', StringComparison.Ordinal) || IsKnown(known, host))
                    {
                        continue;
                    }

                    var serviceOfManagedNamespace = Hosts.TryParseServiceFqdn(host, out var name, out var ns, domain)
                        && index.NamespaceNames.Contains(ns) && !ClosedWorld.IsExternal(context.Settings, ns, name);
                    var closest = NearMiss.Closest(known.Exact, host, ignoreCase: true);
                    if (closest is null && !serviceOfManagedNamespace && !context.Settings.Complete)
                    {
                        continue;
                    }

                    var hint = NearMiss.Hint(closest);

                    var effect = (field.Field.Value, policy.Action) switch
                    {
                        ("notHosts", _) => "the exclusion excludes nothing",
                        (_, "DENY") => "the DENY rule never matches and the requests it should block are let through",
                        (_, "ALLOW") => "the ALLOW rule grants nothing and the requests it should admit are denied",
                        _ => "the rule never matches",
                    };
                    yield return RuleContext.Report(Rule, policy, value.Span,
                        $"AuthorizationPolicy {policy.Namespace}/{policy.Name} matches host \"{value.Value}\" in {field.Field.Value}, but no Service, ServiceEntry, VirtualService or gateway in the files answers to it{hint}, so {effect}.");
                }
            }
        }
    }

    private sealed record HostSet(HashSet<string> Exact, List<string> Wildcards);

    /// <summary>Every name a request's Host header can carry for something the files define.</summary>
    private static HostSet KnownHosts(MeshIndex index)
    {
        var exact = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var wildcards = new List<string>();
        var domain = index.Settings.ClusterDomain;
        void Add(string host)
        {
            var h = StripPort(host).TrimEnd('.');
            if (h.Contains('*', StringComparison.Ordinal))
            {
                wildcards.Add(h);
            }
            else if (h.Length > 0)
            {
                exact.Add(h);
            }
        }

        foreach (var service in index.OfType<Service>())
        {
            var ns = service.Namespace ?? "default";
            // Kubernetes DNS and Istio answer to every form of the name: name, name.ns, name.ns.svc, FQDN.
            exact.Add(service.Name);
            exact.Add($"{service.Name}.{ns}");
            exact.Add($"{service.Name}.{ns}.svc");
            exact.Add(Hosts.ServiceFqdn(service.Name, ns, domain));
        }

        foreach (var entry in index.OfType<ServiceEntry>())
        {
            foreach (var host in entry.Hosts)
            {
                Add(host.Value);
            }
        }

        foreach (var vs in index.OfType<VirtualService>())
        {
            foreach (var host in vs.Hosts)
            {
                Add(host.Value);
                Add(Hosts.Resolve(host.Value, vs.Namespace ?? "default", domain));
            }
        }

        foreach (var gateway in index.OfType<Gateway>())
        {
            foreach (var host in gateway.Servers.SelectMany(s => s.Hosts))
            {
                var slash = host.Value.IndexOf('/', StringComparison.Ordinal);
                Add(slash >= 0 ? host.Value[(slash + 1)..] : host.Value);
            }
        }

        foreach (var gateway in index.OfType<KubernetesGateway>())
        {
            foreach (var listener in gateway.Listeners)
            {
                // A listener without hostname accepts every host.
                Add(listener.Hostname?.Value ?? "*");
            }
        }

        foreach (var route in index.OfType<GatewayApiRoute>())
        {
            foreach (var host in route.Hostnames)
            {
                Add(host.Value);
            }
        }

        return new HostSet(exact, wildcards);
    }

    private static bool IsKnown(HostSet known, string host) =>
        known.Exact.Contains(host) || known.Wildcards.Any(w => Hosts.Matches(w, host));

    private static string StripPort(string host)
    {
        var colon = host.LastIndexOf(':');
        return colon > 0 && host.IndexOf(']', StringComparison.Ordinal) < colon ? host[..colon] : host;
    }
}
