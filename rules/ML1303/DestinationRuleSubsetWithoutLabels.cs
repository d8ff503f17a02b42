using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class DestinationRuleSubsetWithoutLabels : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1303",
        Name: "DestinationRuleSubsetWithoutLabels",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "DestinationRule subset has no labels",
        Description: "A subset selects the endpoints whose pods carry its labels. A subset without labels selects every endpoint of the host, so a route to it reaches all versions: a canary or a version pin built on it does nothing. It is almost always an unfinished edit.",
        Remediation: "Add the labels that identify the version's pods (for example `version: v2`).",
        DefaultSeverity: Severity.Warning,
        Inputs: ["DestinationRule"],
        Equivalents: ["KIA0209"],
        Tags: ["routing", "subsets"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var rule in context.Index.OfType<DestinationRule>())
        {
            foreach (var subset in rule.Subsets.Where(s => s.Labels.IsEmpty))
            {
                yield return RuleContext.Report(Rule, rule, subset.Span,
                    $"Subset {subset.Name.Value} of DestinationRule {rule.Name} has no labels, so it selects every endpoint of {rule.Host?.Value ?? "the host"}.");
            }
        }
    }
}
