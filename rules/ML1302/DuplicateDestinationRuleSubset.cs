using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class DuplicateDestinationRuleSubset : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1302",
        Name: "DuplicateDestinationRuleSubset",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "Two DestinationRules define the same host and subset",
        Description: "Istio merges the DestinationRules of one host in a namespace (same exportTo and workload selector), but not their conflicts: a subset defined twice, or a host-level trafficPolicy set twice, is taken from the first rule Istio sees (the oldest) and the other is dropped without a message. Which one wins depends on creation time.",
        Remediation: "Keep one DestinationRule per host, or split the subsets between rules so that each subset, and the host-level trafficPolicy, is defined once.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["DestinationRule"],
        Equivalents: ["KIA0201"],
        Tags: ["routing", "subsets"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var domain = context.Settings.ClusterDomain;
        var groups = context.Index.OfType<DestinationRule>()
            .Where(r => r.Host is not null)
            .GroupBy(r => MergeKey(r, domain), StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var rules = group.ToList();
            if (rules.Count < 2)
            {
                continue;
            }

            foreach (var rule in rules)
            {
                var others = rules.Where(r => !ReferenceEquals(r, rule)).ToList();
                foreach (var subset in rule.Subsets)
                {
                    var other = others.FirstOrDefault(o => o.Subsets.Any(s => s.Name.Value == subset.Name.Value));
                    if (other is null)
                    {
                        continue;
                    }

                    var twin = other.Subsets.First(s => s.Name.Value == subset.Name.Value);
                    yield return RuleContext.Report(Rule, rule, subset.Span,
                        $"Subset {subset.Name.Value} of host {rule.Host!.Value.Value} is also defined by DestinationRule {other.Ref.Namespace}/{other.Name}; Istio keeps only the oldest definition.",
                        new RelatedLocation(twin.Span, $"{other.Ref} defines subset {subset.Name.Value}", other.Ref));
                }

                if (rule.TrafficPolicy is not null && others.FirstOrDefault(o => o.TrafficPolicy is not null) is { } policyTwin)
                {
                    yield return RuleContext.Report(Rule, rule, TrafficPolicySpan(rule),
                        $"The host-level trafficPolicy of {rule.Host!.Value.Value} is also set by DestinationRule {policyTwin.Ref.Namespace}/{policyTwin.Name}; Istio keeps only the oldest one.",
                        new RelatedLocation(TrafficPolicySpan(policyTwin), $"{policyTwin.Ref} sets a trafficPolicy", policyTwin.Ref));
                }
            }
        }
    }

    /// <summary>Rules merge when they share namespace, resolved host, exportTo and workload selector.</summary>
    private static string MergeKey(DestinationRule rule, string domain)
    {
        var ns = rule.Namespace ?? "default";
        var exportTo = string.Join(",", rule.ExportTo.Select(e => e.Value == "." ? ns : e.Value).Order(StringComparer.Ordinal));
        return $"{ns}|{Hosts.Resolve(rule.Host!.Value.Value, ns, domain)}|{exportTo}|{rule.WorkloadSelector?.Labels}";
    }

    private static SourceSpan TrafficPolicySpan(DestinationRule rule) => rule.Spec?.KeySpanOr("trafficPolicy") ?? rule.SpecSpan;
}
