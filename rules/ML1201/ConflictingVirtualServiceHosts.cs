using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class ConflictingVirtualServiceHosts : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1201",
        Name: "ConflictingVirtualServiceHosts",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "Two VirtualServices claim the same host on the same gateway",
        Description: "When several VirtualServices name the same host for the same gateway (or for the sidecars, `mesh`), Istio merges or picks their routes in an order that depends on creation time, so which route a request takes is not decided by the manifests. On sidecars only one VirtualService per host takes effect and the others are silently ignored.",
        Remediation: "Keep one VirtualService per host and gateway and move all its routes there, or split the traffic with distinct hosts. For large teams, use a root VirtualService that delegates paths to per-team VirtualServices.",
        DefaultSeverity: Severity.Error,
        Inputs: ["VirtualService"],
        Equivalents: ["IST0109", "KIA1106"],
        Tags: ["routing"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var (host, services) in context.Index.VirtualServiceHosts)
        {
            if (services.Length < 2)
            {
                continue;
            }

            for (var i = 1; i < services.Length; i++)
            {
                var service = services[i];
                var gateways = Gateways(service);
                for (var j = 0; j < i; j++)
                {
                    var first = services[j];
                    var shared = Gateways(first).Intersect(gateways, StringComparer.Ordinal).FirstOrDefault();
                    if (shared is null || !SeeEachOther(first, service))
                    {
                        continue;
                    }

                    var where = shared == "mesh" ? "the sidecars (mesh)" : $"gateway {shared}";
                    yield return RuleContext.Report(Rule, service, HostEntry(service, host, context).Span,
                        $"Host {host} on {where} is also claimed by {first.Ref}, so which routes apply is undefined.",
                        new RelatedLocation(HostEntry(first, host, context).Span, $"{first.Ref} claims {host} here", first.Ref));
                    break;
                }
            }
        }
    }

    private static HashSet<string> Gateways(VirtualService service) =>
        service.EffectiveGateways.Select(g => GatewayKey(g, service.Namespace ?? "default")).ToHashSet(StringComparer.Ordinal);

    private static Located<string> HostEntry(VirtualService service, string host, RuleContext context) =>
        service.Hosts.First(h => Hosts.Resolve(h.Value, service.Namespace ?? "default", context.Settings.ClusterDomain) == host);

    private static string GatewayKey(string gateway, string ns)
    {
        if (gateway == "mesh")
        {
            return gateway;
        }

        var (gatewayNamespace, name) = Hosts.GatewayRef(gateway, ns);
        return $"{gatewayNamespace}/{name}";
    }

    /// <summary>VirtualServices exported only to their own namespace cannot collide with one in another namespace.</summary>
    private static bool SeeEachOther(VirtualService a, VirtualService b) =>
        a.Namespace == b.Namespace || (!IsPrivate(a) && !IsPrivate(b));

    private static bool IsPrivate(VirtualService service) =>
        !service.ExportTo.IsDefaultOrEmpty && service.ExportTo.All(e => e.Value == "." || e.Value == service.Namespace);
}
