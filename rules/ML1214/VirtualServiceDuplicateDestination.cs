using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class VirtualServiceDuplicateDestination : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1214",
        Name: "VirtualServiceDuplicateDestination",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "Route lists the same destination twice",
        Description: "A route names the same host, subset and port in two of its destinations. Istio accepts it, but both entries are one Envoy cluster, so the split the weights describe does not happen; the duplicate almost always hides a typo, typically the subset of a canary that was meant to receive part of the traffic.",
        Remediation: "Correct the subset (or host) of the duplicated destination, or merge the two entries into one.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["VirtualService"],
        Equivalents: ["KIA1105"],
        Tags: ["routing", "canary"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var service in context.Index.OfType<VirtualService>())
        {
            var ns = service.Namespace ?? "default";
            foreach (var route in service.AllRoutes)
            {
                var seen = new Dictionary<string, RouteDestination>(StringComparer.Ordinal);
                foreach (var entry in route.Routes)
                {
                    var d = entry.Destination;
                    var key = $"{Hosts.Resolve(d.Host.Value, ns, context.Settings.ClusterDomain)}|{d.Subset?.Value}|{d.Port?.Value}";
                    if (seen.TryAdd(key, entry))
                    {
                        continue;
                    }

                    var subset = d.Subset is { } s ? $" subset {s.Value}" : string.Empty;
                    yield return RuleContext.Report(Rule, service, d.Subset?.Span ?? d.Host.Span,
                        $"Destination {d.Host.Value}{subset} appears twice in {RuleText.Route(route)}.",
                        new RelatedLocation(seen[key].Span, "first occurrence", service.Ref));
                }
            }
        }
    }
}
