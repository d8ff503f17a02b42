using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class PeerIdentityMatchWithoutStrictMtls : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1111",
        Name: "PeerIdentityMatchWithoutStrictMtls",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "AuthorizationPolicy matches peer identity where mTLS is not STRICT",
        Description: "principals, notPrincipals, namespaces, notNamespaces and the source.principal / source.namespace conditions come from the caller's mTLS certificate; a plaintext request has neither. Where the selected workloads accept plaintext (PERMISSIVE or DISABLE), an ALLOW rule on these fields rejects every plaintext caller, and a DENY rule does not match plaintext at all, so an attacker bypasses it by not using mTLS. Istio strongly recommends using these fields only with STRICT mTLS (ISTIO-SECURITY-2021-004). Reported when the files show the mode in force.",
        Remediation: "Enforce STRICT mTLS for the workloads the policy applies to; until then, write DENY rules with negative matches (notPrincipals, notNamespaces), which also match plaintext requests.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["AuthorizationPolicy", "PeerAuthentication", "Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "ConfigMap", "IstioOperator"],
        SecuritySeverity: 6.0,
        Equivalents: ["KIA0105"],
        Tags: ["authorization", "mtls", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var (policy, field) in IstioAuthorization.SelectorPoliciesMatchingOn(index.OfType<AuthorizationPolicy>(), IstioAuthorization.IsPeerIdentity))
        {
            var decision = Weakest(policy, index);
            if (decision is not { IsKnown: true, AcceptsPlaintext: true })
            {
                continue;
            }

            var consequence = policy.Action == "ALLOW"
                ? "so plaintext callers never match and are denied"
                : "so plaintext requests never match this DENY rule and bypass it";
            var finding = RuleContext.Report(Rule, policy, field.At.Span,
                $"AuthorizationPolicy {policy.Namespace}/{policy.Name} matches on {field.Name}, but its workloads accept plaintext ({decision.Mode} from {decision.Source}), which carries no peer identity, {consequence}.");
            yield return decision.DecidedBy is { } pa
                ? finding with { Related = [new RelatedLocation(decision.Field?.Span ?? pa.NameSpan, "the mTLS mode that accepts plaintext", pa.Ref)] }
                : finding;
        }
    }

    /// <summary>The mode of the policy's workloads that accepts plaintext, if any (the namespace's when none is in the files).</summary>
    private static MtlsDecision? Weakest(AuthorizationPolicy policy, Core.Index.MeshIndex index)
    {
        var workloads = IstioPolicies.WorkloadsOf(policy.Selector, policy.Namespace, index).ToList();
        if (workloads.Count == 0)
        {
            var ns = policy.Namespace ?? "default";
            return policy.Selector is { Labels.IsEmpty: false } ? null : ns == index.Settings.IstioRootNamespace ? IstioMtls.ForMesh(index) : IstioMtls.ForNamespace(ns, index);
        }

        var decisions = workloads.Select(w => IstioMtls.For(w, index)).ToList();
        return decisions.FirstOrDefault(d => d.IsKnown && d.AcceptsPlaintext) ?? decisions[0];
    }
}
