using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class VirtualServiceDestinationPortRequired : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1206",
        Name: "VirtualServiceDestinationPortRequired",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "VirtualService destination needs a port",
        Description: "A destination without `port` routes to a service that exposes several ports. Istio then uses the port of the listener that received the request, which works by accident for a sidecar calling the same port, but on a gateway (listening on 80 or 443) or when forwarding to another service it selects a port the service does not have, and requests fail with 503. The choice also changes silently when a port is added.",
        Remediation: "Add `port.number` to the destination, naming the Service port the route is meant for.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["VirtualService", "Service", "ServiceEntry"],
        Equivalents: ["IST0112"],
        Tags: ["routing"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var service in index.OfType<VirtualService>())
        {
            var ns = service.Namespace ?? "default";
            foreach (var route in service.AllRoutes)
            {
                var destinations = route.Routes.Select(r => (r.Destination, Anchor: r.Span))
                    .Concat(route.AllMirrors.Select(m => (Destination: m, Anchor: m.Span)));
                foreach (var (destination, anchor) in destinations)
                {
                    if (destination.Port is not null || Hosts.IsWildcard(destination.Host.Value))
                    {
                        continue;
                    }

                    var fqdn = Hosts.Resolve(destination.Host.Value, ns, context.Settings.ClusterDomain);
                    var target = ServiceRegistry.Lookup(index, fqdn, ns).FirstOrDefault(t => t.Ports.Distinct().Count() > 1);
                    if (target is null)
                    {
                        continue;
                    }

                    yield return RuleContext.Report(Rule, service, anchor,
                        $"Destination {destination.Host.Value} of {RuleText.Route(route)} has no port, but {target.Source.Kind} {target.Source.Ref.Namespace}/{target.Source.Name} exposes ports {RuleText.List(target.Ports.Distinct().Select(RuleText.Number))}.",
                        new RelatedLocation(target.Source.NameSpan, $"{target.Source.Ref} exposes several ports", target.Source.Ref));
                }
            }
        }
    }
}
