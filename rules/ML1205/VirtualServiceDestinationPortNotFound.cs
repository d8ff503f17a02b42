using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class VirtualServiceDestinationPortNotFound : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1205",
        Name: "VirtualServiceDestinationPortNotFound",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "VirtualService routes to a port the destination does not expose",
        Description: "A destination's `port.number` is not among the ports of the Service or ServiceEntry its host resolves to. Istio builds the Envoy cluster from host and port, so that cluster has no endpoints and every request on the route fails with 503 (no healthy upstream). The container port used instead of the Service port is a common cause.",
        Remediation: "Use a port the Service (its `port`, not its `targetPort`) or the ServiceEntry declares, or add the port to the service.",
        DefaultSeverity: Severity.Error,
        Inputs: ["VirtualService", "Service", "ServiceEntry"],
        Equivalents: ["IST0101"],
        Tags: ["routing", "reference"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var service in index.OfType<VirtualService>())
        {
            var ns = service.Namespace ?? "default";
            foreach (var route in service.AllRoutes)
            {
                foreach (var destination in route.Routes.Select(r => r.Destination).Concat(route.AllMirrors))
                {
                    // Out-of-range numbers are a schema error (ML1802), not a missing port.
                    if (destination.Port is not { Value: >= 1 and <= 65535 } port || Hosts.IsWildcard(destination.Host.Value))
                    {
                        continue;
                    }

                    var fqdn = Hosts.Resolve(destination.Host.Value, ns, context.Settings.ClusterDomain);
                    var targets = ServiceRegistry.Lookup(index, fqdn, ns).Where(t => !t.Ports.IsEmpty).ToList();
                    if (targets.Count == 0 || targets.Any(t => t.Ports.Contains(port.Value)))
                    {
                        continue;
                    }

                    var target = targets[0];
                    yield return RuleContext.Report(Rule, service, port.Span,
                        $"Port {RuleText.Number(port.Value)} of destination {destination.Host.Value} in {RuleText.Route(route)} is not a port of {target.Source.Kind} {target.Source.Ref.Namespace}/{target.Source.Name} ({RuleText.List(target.Ports.Select(RuleText.Number))}).",
                        new RelatedLocation(target.Source.NameSpan, $"{target.Source.Ref} declares the ports", target.Source.Ref));
                }
            }
        }
    }
}
