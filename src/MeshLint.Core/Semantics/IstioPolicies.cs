using MeshLint.Core.Index;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics;

public enum PolicyScope
{
    Workload,
    Namespace,
    Mesh,
}

/// <summary>Which Istio security policies apply to a workload, as istiod computes it.</summary>
public static class IstioPolicies
{
    public static PolicyScope ScopeOf(WorkloadSelector? selector, string? ns, MeshSettings settings) =>
        selector is not null && !selector.Labels.IsEmpty ? PolicyScope.Workload
        : string.Equals(ns, settings.IstioRootNamespace, StringComparison.Ordinal) ? PolicyScope.Mesh
        : PolicyScope.Namespace;

    /// <summary>True when <paramref name="selector"/> in namespace <paramref name="policyNamespace"/> covers the workload.</summary>
    public static bool Applies(WorkloadSelector? selector, string? policyNamespace, Workload workload, MeshSettings settings)
    {
        var scope = ScopeOf(selector, policyNamespace, settings);
        return scope switch
        {
            PolicyScope.Mesh => true,
            PolicyScope.Namespace => string.Equals(policyNamespace, workload.Namespace, StringComparison.Ordinal),
            _ => string.Equals(policyNamespace, workload.Namespace, StringComparison.Ordinal) && selector!.Labels.IsSubsetOf(workload.Template.Labels),
        };
    }

    /// <summary>
    /// The PeerAuthentications that decide a workload's mTLS mode, most specific first: workload-level, then
    /// namespace-level, then mesh-level. Istio takes the oldest policy when several share a level; the repo has no
    /// creation times, so file order stands in for it.
    /// </summary>
    public static IEnumerable<PeerAuthentication> PeerAuthenticationsFor(Workload workload, MeshIndex index)
    {
        var all = index.OfType<PeerAuthentication>();
        foreach (var scope in new[] { PolicyScope.Workload, PolicyScope.Namespace, PolicyScope.Mesh })
        {
            foreach (var policy in all)
            {
                if (ScopeOf(policy.Selector, policy.Namespace, index.Settings) == scope && Applies(policy.Selector, policy.Namespace, workload, index.Settings))
                {
                    yield return policy;
                }
            }
        }
    }

    /// <summary>AuthorizationPolicies that apply to the workload (mesh-wide, namespace-wide or selecting it).</summary>
    public static IEnumerable<AuthorizationPolicy> AuthorizationPoliciesFor(Workload workload, MeshIndex index) =>
        index.OfType<AuthorizationPolicy>().Where(p => p.TargetRefs.IsDefaultOrEmpty && Applies(p.Selector, p.Namespace, workload, index.Settings));
}
