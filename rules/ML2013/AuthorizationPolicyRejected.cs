using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class AuthorizationPolicyRejected : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2013",
        Name: "AuthorizationPolicyRejected",
        Mesh: Mesh.Linkerd,
        Category: Category.Configuration,
        Title: "AuthorizationPolicy the policy webhook rejects",
        Description: "Linkerd's policy admission webhook rejects an `AuthorizationPolicy` that targets another namespace, that lists more than one MeshTLSAuthentication, NetworkAuthentication or ServiceAccount, that combines a MeshTLSAuthentication with a ServiceAccount, or whose target or authentication kind is not supported. Group matters: a ref with `kind: Server` or `kind: MeshTLSAuthentication` and no `group` means the core group and is rejected. The apply fails in the middle of a rollout or a GitOps sync.",
        Remediation: "Target a `policy.linkerd.io` Server, an HTTPRoute, a GRPCRoute or the policy's own namespace; give Linkerd kinds `group: policy.linkerd.io`; list at most one identity source (MeshTLSAuthentication or ServiceAccount) and at most one NetworkAuthentication.",
        DefaultSeverity: Severity.Error,
        Inputs: ["AuthorizationPolicy"],
        Tags: ["admission"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var obj in context.Index.OfType<LinkerdAuthorizationPolicy>())
        {
            foreach (var problem in LinkerdAdmission.AuthorizationPolicyProblems(obj))
            {
                yield return RuleContext.Report(Rule, obj, problem.Span, $"{obj.Kind} {obj.Name}: {problem.Message}.");
            }
        }
    }
}
