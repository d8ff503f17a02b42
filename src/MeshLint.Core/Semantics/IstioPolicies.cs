using System.Collections.Immutable;
using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics;

public enum PolicyScope
{
    Workload,
    Namespace,
    Mesh,
}

/// <summary>What happens to a request no AuthorizationPolicy rule matches.</summary>
public enum AuthorizationDefault
{
    /// <summary>No ALLOW policy applies: Istio allows every request that no DENY (or CUSTOM) policy rejects.</summary>
    AllowAll,

    /// <summary>ALLOW policies apply: only requests one of their rules matches are allowed.</summary>
    AllowListed,

    /// <summary>Every ALLOW policy that applies has no rules (the allow-nothing idiom): every request is denied.</summary>
    DenyAll,
}

/// <summary>The AuthorizationPolicies enforced for a workload, by action, in file order; dry-run ones are kept apart.</summary>
public sealed record AuthorizationCoverage(
    ImmutableArray<AuthorizationPolicy> Allow,
    ImmutableArray<AuthorizationPolicy> Deny,
    ImmutableArray<AuthorizationPolicy> Custom,
    ImmutableArray<AuthorizationPolicy> Audit,
    ImmutableArray<AuthorizationPolicy> DryRun)
{
    public AuthorizationDefault Default =>
        Allow.IsEmpty ? AuthorizationDefault.AllowAll
        : Allow.All(p => p.Rules.IsEmpty) ? AuthorizationDefault.DenyAll
        : AuthorizationDefault.AllowListed;

    /// <summary>ALLOW policies with a rule that matches every request (an empty rule): they make the allow-list allow anything.</summary>
    public ImmutableArray<AuthorizationPolicy> AllowingEverything => Allow.Where(p => p.Rules.Any(r => r.MatchesEverything)).ToImmutableArray();

    /// <summary>True when a request from anyone, for anything, is allowed unless a DENY or CUSTOM policy stops it.</summary>
    public bool AllowsAnyRequest => Default == AuthorizationDefault.AllowAll || !AllowingEverything.IsEmpty;
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
            // istiod looks up selector policies in the workload's namespace and in the root namespace, so a root
            // namespace policy with a selector applies to matching workloads of every namespace.
            _ => (string.Equals(policyNamespace, workload.Namespace, StringComparison.Ordinal) || string.Equals(policyNamespace, settings.IstioRootNamespace, StringComparison.Ordinal))
                && selector!.Labels.IsSubsetOf(workload.Template.Labels),
        };
    }

    /// <summary>The workloads in the files that a policy with this selector in this namespace applies to.</summary>
    public static IEnumerable<Workload> WorkloadsOf(WorkloadSelector? selector, string? policyNamespace, MeshIndex index)
    {
        var candidates = string.Equals(policyNamespace, index.Settings.IstioRootNamespace, StringComparison.Ordinal)
            ? index.OfType<Workload>()
            : index.WorkloadsIn(policyNamespace ?? "default");
        return candidates.Where(w => Applies(selector, policyNamespace, w, index.Settings));
    }

    /// <summary>RequestAuthentications that validate tokens for the workload (mesh-wide, namespace-wide or selecting it).</summary>
    public static IEnumerable<RequestAuthentication> RequestAuthenticationsFor(Workload workload, MeshIndex index) =>
        index.OfType<RequestAuthentication>().Where(p => p.TargetRefs.IsDefaultOrEmpty && Applies(p.Selector, p.Namespace, workload, index.Settings));

    /// <summary>
    /// The PeerAuthentications that decide a workload's mTLS mode, most specific first: workload-level, then
    /// namespace-level, then mesh-level. Istio takes the oldest policy when several share a level; the repo has no
    /// creation times, so file order stands in for it.
    /// </summary>
    public static IEnumerable<PeerAuthentication> PeerAuthenticationsFor(Workload workload, MeshIndex index)
    {
        // Only policies in the workload's namespace or the root namespace can apply to it.
        var all = CandidatesFor<PeerAuthentication>(workload, index);
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

    /// <summary>The annotation that makes Istio evaluate an AuthorizationPolicy without enforcing it.</summary>
    public const string DryRunAnnotation = "istio.io/dry-run";

    public static bool IsDryRun(AuthorizationPolicy policy) =>
        string.Equals(policy.Annotations[DryRunAnnotation], "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// How Istio authorizes requests to the workload: CUSTOM, then DENY, then ALLOW policies that apply to it
    /// (mesh-wide, namespace-wide or selecting it); AUDIT only logs; dry-run policies are evaluated but not enforced.
    /// </summary>
    public static AuthorizationCoverage AuthorizationFor(Workload workload, MeshIndex index)
    {
        var applying = AuthorizationPoliciesFor(workload, index).ToList();
        var enforced = applying.Where(p => !IsDryRun(p)).ToList();
        ImmutableArray<AuthorizationPolicy> With(string action) => enforced.Where(p => p.Action == action).ToImmutableArray();
        return new AuthorizationCoverage(With("ALLOW"), With("DENY"), With("CUSTOM"), With("AUDIT"), applying.Where(IsDryRun).ToImmutableArray());
    }

    /// <summary>Policies without a selector that apply to a whole namespace: its own, then the mesh-wide ones of the root namespace.</summary>
    public static IEnumerable<AuthorizationPolicy> NamespaceWideAuthorizationPolicies(string ns, MeshIndex index) =>
        index.OfType<AuthorizationPolicy>()
            .Where(p => p.TargetRefs.IsDefaultOrEmpty && ScopeOf(p.Selector, p.Namespace, index.Settings) != PolicyScope.Workload)
            .Where(p => p.Namespace == ns || p.Namespace == index.Settings.IstioRootNamespace)
            .OrderBy(p => p.Namespace == ns ? 0 : 1);

    /// <summary>AuthorizationPolicies that apply to the workload (mesh-wide, namespace-wide or selecting it).</summary>
    public static IEnumerable<AuthorizationPolicy> AuthorizationPoliciesFor(Workload workload, MeshIndex index) =>
        CandidatesFor<AuthorizationPolicy>(workload, index).Where(p => p.TargetRefs.IsDefaultOrEmpty && Applies(p.Selector, p.Namespace, workload, index.Settings));

    /// <summary>
    /// The policies of a kind that may apply to a workload, in load order: those in its namespace and those in the
    /// root namespace (the only ones <see cref="Applies"/> can accept).
    /// </summary>
    public static IEnumerable<T> CandidatesFor<T>(Workload workload, MeshIndex index)
        where T : MeshObject
    {
        var local = index.InNamespace<T>(workload.Namespace);
        var root = index.Settings.IstioRootNamespace;
        if (string.Equals(workload.Namespace, root, StringComparison.Ordinal))
        {
            return local;
        }

        var mesh = index.InNamespace<T>(root);
        return mesh.IsEmpty ? local : local.IsEmpty ? mesh : local.Concat(mesh).OrderBy(index.LoadPosition);
    }
}
