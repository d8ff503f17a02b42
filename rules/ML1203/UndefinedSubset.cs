using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class UndefinedSubset : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1203",
        Name: "UndefinedSubset",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "VirtualService routes to a subset no DestinationRule defines",
        Description: "A route destination names a subset, but no DestinationRule for the destination host defines a subset of that name. Envoy has no cluster for it and answers requests on that route with 503 (no healthy upstream). Typical causes: a renamed subset, a typo, or a DestinationRule that was never applied.",
        Remediation: "Define the subset (name and pod labels) in the DestinationRule for the host, or route to a subset that exists. Apply the DestinationRule before the VirtualService that uses it.",
        DefaultSeverity: Severity.Error,
        Inputs: ["VirtualService", "DestinationRule"],
        Equivalents: ["IST0101", "KIA1107"],
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
                var destinations = route.Routes.Select(r => r.Destination);
                if (route.Mirror is not null)
                {
                    destinations = destinations.Append(route.Mirror);
                }

                foreach (var destination in destinations)
                {
                    if (destination.Subset is not { } subset)
                    {
                        continue;
                    }

                    var host = Hosts.Resolve(destination.Host.Value, ns, context.Settings.ClusterDomain);
                    var rules = RulesFor(index, host).ToList();
                    if (rules.Any(r => r.Subsets.Any(s => s.Name.Value == subset.Value)))
                    {
                        continue;
                    }

                    var message = rules.Count == 0
                        ? $"Subset {subset.Value} of host {host} is not defined: no DestinationRule for that host was found in the scanned files."
                        : $"Subset {subset.Value} of host {host} is not defined by {rules[0].Ref}, which defines {(rules[0].Subsets.IsEmpty ? "no subsets" : string.Join(", ", rules[0].Subsets.Select(s => s.Name.Value)))}.";
                    var related = rules.Select(r => new RelatedLocation(r.Host?.Span ?? r.NameSpan, $"DestinationRule {r.Ref} for {host}", r.Ref)).ToArray();
                    yield return RuleContext.Report(Rule, service, subset.Span, message, related);
                }
            }
        }
    }

    /// <summary>DestinationRules for the exact host, then any whose wildcard host covers it.</summary>
    private static IEnumerable<DestinationRule> RulesFor(Core.Index.MeshIndex index, string host)
    {
        foreach (var rule in index.DestinationRulesByHost(host))
        {
            yield return rule;
        }

        foreach (var (pattern, rules) in index.WildcardDestinationRuleHosts)
        {
            if (pattern != host && Hosts.Matches(pattern, host))
            {
                foreach (var rule in rules)
                {
                    yield return rule;
                }
            }
        }
    }
}
