using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class RateLimitPolicyRejected : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2018",
        Name: "RateLimitPolicyRejected",
        Mesh: Mesh.Linkerd,
        Category: Category.Configuration,
        Title: "HTTPLocalRateLimitPolicy the webhook rejects",
        Description: "An `HTTPLocalRateLimitPolicy` must target a `Server`; `total.requestsPerSecond`, `identity.requestsPerSecond` and every override must be greater than 0; the identity and override limits cannot exceed the total; and override `clientRefs` may only name ServiceAccounts. The webhook rejects anything else, so the limit is never applied.",
        Remediation: "Target a Server, keep every limit positive and at most `total`, and list ServiceAccounts in `clientRefs`.",
        DefaultSeverity: Severity.Error,
        Inputs: ["HTTPLocalRateLimitPolicy"],
        Tags: ["admission"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var obj in context.Index.OfType<HttpLocalRateLimitPolicy>())
        {
            foreach (var problem in LinkerdAdmission.RateLimitProblems(obj))
            {
                yield return RuleContext.Report(Rule, obj, problem.Span, $"{obj.Kind} {obj.Name}: {problem.Message}.");
            }
        }
    }
}
