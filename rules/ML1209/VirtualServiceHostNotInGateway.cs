using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class VirtualServiceHostNotInGateway : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1209",
        Name: "VirtualServiceHostNotInGateway",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "VirtualService host is not served by its gateway",
        Description: "A gateway uses a VirtualService only for hosts that both name: one of the VirtualService's `hosts` must match a server host of the bound Gateway (wildcards and `namespace/host` restrictions included) or a listener hostname of a Gateway API Gateway. When none matches, the routes never reach the gateway and requests for the host get 404, with no error anywhere.",
        Remediation: "Add the host to a server of the Gateway (or a wildcard such as `*.example.com`), allow the VirtualService's namespace in the server's `namespace/host` entries, or correct the VirtualService's `hosts`.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["VirtualService", "Gateway"],
        Equivalents: ["IST0132"],
        Tags: ["routing", "gateway"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var domain = context.Settings.ClusterDomain;
        foreach (var service in context.Index.OfType<VirtualService>())
        {
            if (service.IsDelegate)
            {
                continue;
            }

            var ns = service.Namespace ?? "default";
            var hosts = service.Hosts.Select(h => Hosts.Resolve(h.Value, ns, domain)).ToList();
            foreach (var binding in GatewayBindings.Of(service, context.Index).Where(b => !b.FromMatch))
            {
                List<string> served;
                if (binding.IstioGateway is { } gateway)
                {
                    served = gateway.Servers.SelectMany(s => GatewayBindings.ServerHostsFor(gateway, s, ns)).Distinct(StringComparer.Ordinal).ToList();
                }
                else if (binding.KubernetesGateway is { } kubernetes)
                {
                    // A listener without hostname accepts every host.
                    if (kubernetes.Listeners.Any(l => l.Hostname is null || l.Hostname.Value.Value.Length == 0))
                    {
                        continue;
                    }

                    served = kubernetes.Listeners.Select(l => l.Hostname!.Value.Value).Distinct(StringComparer.Ordinal).ToList();
                }
                else
                {
                    continue;
                }

                if (hosts.Any(h => served.Any(s => Hosts.Overlap(s, h))))
                {
                    continue;
                }

                var offered = served.Count == 0 ? $"none for namespace {ns}" : RuleText.List(served);
                var related = binding.IstioGateway is { } g
                    ? new RelatedLocation(g.NameSpan, $"Gateway {g.Ref} serves {offered}", g.Ref)
                    : new RelatedLocation(binding.KubernetesGateway!.NameSpan, $"Gateway {binding.KubernetesGateway.Ref} serves {offered}", binding.KubernetesGateway.Ref);
                yield return RuleContext.Report(Rule, service, binding.Reference.Span,
                    $"None of the hosts {RuleText.List(service.Hosts.Select(h => h.Value))} is served by Gateway {binding.Key} (hosts: {offered}).",
                    related);
            }
        }
    }
}
