using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class AuthorizationPolicyDryRun : IRule
{
    public const string DryRunAnnotation = "istio.io/dry-run";

    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1119",
        Name: "AuthorizationPolicyDryRun",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "AuthorizationPolicy is in dry-run mode",
        Description: "The istio.io/dry-run: \"true\" annotation makes Istio evaluate an AuthorizationPolicy and only log the result instead of enforcing it. Meant for a short trial, it leaves the policy that reviewers approved protecting nothing when committed. Dry-run is also an alpha feature.",
        Remediation: "Remove the annotation (or set it to \"false\") once the dry-run results have been checked.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["AuthorizationPolicy"],
        SecuritySeverity: 4.0,
        Tags: ["authorization", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var policy in context.Index.OfType<AuthorizationPolicy>())
        {
            if (policy.Annotations.TryGet(DryRunAnnotation, out var value) && value.Value.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                yield return RuleContext.Report(Rule, policy, value.Span,
                    $"AuthorizationPolicy {policy.Namespace}/{policy.Name} is annotated {DryRunAnnotation}: \"true\", so its {policy.Action} decisions are only logged, never enforced.");
            }
        }
    }
}
