using MeshLint.Core.Model.Istio;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class NamespaceWithoutAuthorization : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1101",
        Name: "DefaultAllowAuthorization",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "Mesh workloads have no ALLOW AuthorizationPolicy (allow-all by default)",
        Description: "Istio allows every request to a workload that no ALLOW AuthorizationPolicy applies to: any workload in the mesh (and, unless mTLS is STRICT, anyone who can reach the pod) may call it. A DENY or AUDIT policy alone does not change that default. The rule reports a namespace whose mesh workloads have no ALLOW policy at all (mesh-wide in the root namespace, namespace-wide, or selecting them), and single workloads left out in a namespace where other workloads are covered.",
        Remediation: "Add a namespace-wide deny-by-default policy (an AuthorizationPolicy with an empty spec: `spec: {}`) and ALLOW policies that name the callers each workload expects (by principal or namespace), or a mesh-wide default in the root namespace.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "AuthorizationPolicy"],
        SecuritySeverity: 6.5,
        Equivalents: ["KIA1301"],
        Tags: ["authorization", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var ns in index.NamespaceNames)
        {
            var meshWorkloads = index.WorkloadsIn(ns).Where(w => IstioInjection.IsInMesh(w, index)).ToList();
            if (meshWorkloads.Count == 0)
            {
                continue;
            }

            var uncovered = meshWorkloads.Where(w => !IstioPolicies.CandidatesFor<AuthorizationPolicy>(w, index).Any(p => Decides(p) && p.TargetRefs.IsDefaultOrEmpty && IstioPolicies.Applies(p.Selector, p.Namespace, w, context.Settings))).ToList();
            if (uncovered.Count == 0)
            {
                continue;
            }

            if (uncovered.Count == meshWorkloads.Count)
            {
                var declared = index.Namespace(ns);
                var names = string.Join(", ", uncovered.Take(3).Select(w => w.Name)) + (uncovered.Count > 3 ? ", ..." : string.Empty);
                var message = $"No ALLOW AuthorizationPolicy applies to the {uncovered.Count} mesh workload(s) of namespace {ns} ({names}), so every request to them is allowed.";
                yield return declared is not null
                    ? RuleContext.Report(Rule, declared, declared.NameSpan, message)
                    : RuleContext.Report(Rule, uncovered[0], uncovered[0].Header.DeclaredNamespace?.Span ?? uncovered[0].NameSpan, message);
                continue;
            }

            foreach (var workload in uncovered)
            {
                yield return RuleContext.Report(Rule, workload, workload.NameSpan,
                    $"No ALLOW AuthorizationPolicy in namespace {ns} selects {workload.Kind} {workload.Name}, so every request to it is allowed.");
            }
        }
    }

    /// <summary>ALLOW and CUSTOM policies end the allow-all default; DENY and AUDIT do not.</summary>
    private static bool Decides(AuthorizationPolicy policy) => policy.Action is "ALLOW" or "CUSTOM";
}
