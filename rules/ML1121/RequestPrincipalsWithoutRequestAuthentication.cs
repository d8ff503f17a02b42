using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class RequestPrincipalsWithoutRequestAuthentication : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1121",
        Name: "RequestPrincipalsWithoutRequestAuthentication",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "AuthorizationPolicy requires a JWT that nothing validates",
        Description: "requestPrincipals, notRequestPrincipals and request.auth.* conditions are filled in by a RequestAuthentication that validated the request's JWT. When none applies to the policy's workloads, no request ever has a request principal: an ALLOW rule requiring one matches nothing (403 for everyone) and a DENY on notRequestPrincipals denies everything. The usual cause is a RequestAuthentication whose selector or namespace does not match, or one only on the ingress gateway. Judged when the policy's workloads are in the files.",
        Remediation: "Add a RequestAuthentication for the same workloads with the issuer the policy expects, or move the JWT requirement to where tokens are validated (for example the ingress gateway).",
        DefaultSeverity: Severity.Error,
        Inputs: ["AuthorizationPolicy", "RequestAuthentication", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "ConfigMap", "IstioOperator"],
        SecuritySeverity: 3.0,
        Tags: ["jwt", "authorization"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var (policy, field) in IstioAuthorization.SelectorPoliciesMatchingOn(index.OfType<AuthorizationPolicy>(), IstioAuthorization.IsRequestIdentity))
        {
            var workloads = IstioPolicies.WorkloadsOf(policy.Selector, policy.Namespace, index).ToList();
            if (workloads.Count == 0 || workloads.Any(w => IstioPolicies.RequestAuthenticationsFor(w, index).Any()))
            {
                continue;
            }

            var outcome = policy.Action == "ALLOW" ? "the rule never matches and those requests are denied" : "the rule matches every request";
            yield return RuleContext.Report(Rule, policy, field.At.Span,
                $"AuthorizationPolicy {policy.Namespace}/{policy.Name} matches on {field.Name}, but no RequestAuthentication validates tokens for its workloads, so no request has a request principal and {outcome}.");
        }
    }
}
