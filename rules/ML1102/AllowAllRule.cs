using System.Globalization;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class AllowAllRule : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1102",
        Name: "AllowPolicyEmptyRule",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "AuthorizationPolicy ALLOW rule matches every request",
        Description: "An ALLOW AuthorizationPolicy rule with no from, to or when (written `rules: [{}]` or `- {}`) matches every request, so the policy allows everything to the workloads it selects. It is often left from a template, or meant as a deny-all (which is an empty spec with no rules at all).",
        Remediation: "Give the rule the sources (principals, namespaces) and operations (methods, paths, ports) it should allow. For deny-all, remove `rules` entirely (an ALLOW policy with no rules allows nothing).",
        DefaultSeverity: Severity.Error,
        Inputs: ["AuthorizationPolicy"],
        SecuritySeverity: 8.0,
        Tags: ["authorization", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var policy in context.Index.OfType<AuthorizationPolicy>())
        {
            if (policy.Action != "ALLOW")
            {
                continue;
            }

            for (var i = 0; i < policy.Rules.Length; i++)
            {
                var rule = policy.Rules[i];
                if (rule.MatchesEverything)
                {
                    yield return RuleContext.Report(Rule, policy, rule.Span,
                        $"ALLOW rule {(i + 1).ToString(CultureInfo.InvariantCulture)} has no from, to or when, so it allows every request to {(policy.Selector is null ? $"all workloads in namespace {policy.Namespace}" : "the selected workloads")}.");
                }
            }
        }
    }
}
