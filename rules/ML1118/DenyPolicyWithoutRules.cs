using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class DenyPolicyWithoutRules : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1118",
        Name: "DenyPolicyWithoutRules",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "DENY AuthorizationPolicy without rules denies nothing",
        Description: "An AuthorizationPolicy matches a request when one of its rules matches; with no rules it matches nothing. For ALLOW that is the allow-nothing idiom, and copying it with action DENY is a common mistake: the author wants to shut the workload down and the policy has no effect. Deny-all is a DENY policy with one empty rule.",
        Remediation: "Add `rules: [{}]` to deny every request, or list the requests to deny; for default-deny use action ALLOW without rules instead.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["AuthorizationPolicy"],
        SecuritySeverity: 5.0,
        Tags: ["authorization", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var policy in context.Index.OfType<AuthorizationPolicy>())
        {
            if (policy.Action == "DENY" && policy.Rules.IsEmpty && policy.ActionField is { } action)
            {
                yield return RuleContext.Report(Rule, policy, action.Span,
                    $"DENY AuthorizationPolicy {policy.Namespace}/{policy.Name} has no rules, so it matches no request and denies nothing.");
            }
        }
    }
}
