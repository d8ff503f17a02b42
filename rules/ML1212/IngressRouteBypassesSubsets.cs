using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class IngressRouteBypassesSubsets : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1212",
        Name: "IngressRouteBypassesSubsets",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "Gateway route ignores the subset routing of its destination",
        Description: "A gateway uses only the VirtualServices bound to it. When a mesh VirtualService pins or splits traffic for a host between subsets (a version pin, a canary) and a gateway-bound VirtualService forwards to that host without a subset, requests entering through the gateway reach every version: the pin or split does not apply to external traffic.",
        Remediation: "Repeat the subset routing in the gateway-bound VirtualService, or add the gateway (together with `mesh`) to the `gateways` of the VirtualService that holds the subset rules.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["VirtualService"],
        Equivalents: ["IST0140"],
        Tags: ["routing", "gateway"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var domain = context.Settings.ClusterDomain;
        var services = context.Index.OfType<VirtualService>();

        // Hosts whose mesh (sidecar) routing sends traffic to subsets, with the VirtualService that does it.
        var subsetRouted = new Dictionary<string, VirtualService>(StringComparer.Ordinal);
        foreach (var service in services.Where(s => s.EffectiveGateways.Contains(GatewayBindings.Mesh)))
        {
            var ns = service.Namespace ?? "default";
            var ownHosts = service.Hosts.Select(h => Hosts.Resolve(h.Value, ns, domain)).ToHashSet(StringComparer.Ordinal);
            foreach (var destination in service.Http.SelectMany(r => r.Routes).Select(r => r.Destination))
            {
                var host = Hosts.Resolve(destination.Host.Value, ns, domain);
                if (destination.Subset is not null && ownHosts.Contains(host))
                {
                    subsetRouted.TryAdd(host, service);
                }
            }
        }

        foreach (var service in services)
        {
            var gateways = service.Gateways.Where(g => g.Value != GatewayBindings.Mesh).Select(g => g.Value).ToList();
            if (gateways.Count == 0)
            {
                continue;
            }

            var ns = service.Namespace ?? "default";
            foreach (var route in service.Http)
            {
                foreach (var destination in route.Routes.Select(r => r.Destination))
                {
                    var host = Hosts.Resolve(destination.Host.Value, ns, domain);
                    if (destination.Subset is not null || !subsetRouted.TryGetValue(host, out var meshService) || meshService == service)
                    {
                        continue;
                    }

                    yield return RuleContext.Report(Rule, service, destination.Host.Span,
                        $"{Capitalize(RuleText.Route(route))} on gateway {gateways[0]} sends {host} traffic to every version: the subset routing of VirtualService {meshService.Ref.Namespace}/{meshService.Name} applies to sidecars only.",
                        new RelatedLocation(meshService.NameSpan, $"{meshService.Ref} routes {host} to subsets", meshService.Ref));
                }
            }
        }
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
