using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class ConflictingSidecarSelectors : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1501",
        Name: "ConflictingSidecarSelectors",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "Two Sidecars select the same workload",
        Description: "A workload takes its proxy scope from exactly one Sidecar resource. When two Sidecars of a namespace select the same pods, Istio uses one (the oldest) and ignores the other, so its egress hosts, ingress listeners or outbound policy do not apply, and which one wins can change when the objects are re-created.",
        Remediation: "Merge the two Sidecars, or make their workloadSelector labels select disjoint workloads.",
        DefaultSeverity: Severity.Error,
        Inputs: ["Sidecar", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "Rollout"],
        Equivalents: ["IST0110", "KIA0003"],
        Tags: ["sidecar"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var sidecars = index.OfType<Sidecar>().Where(s => s.WorkloadSelector is { Labels.IsEmpty: false }).ToList();
        foreach (var sidecar in sidecars)
        {
            var ns = sidecar.Namespace ?? "default";
            var mine = WorkloadSelection.Selected(sidecar.WorkloadSelector!, ns, index).ToList();
            foreach (var other in sidecars.Where(o => !ReferenceEquals(o, sidecar) && o.Namespace == sidecar.Namespace))
            {
                var shared = WorkloadSelection.Selected(other.WorkloadSelector!, ns, index).FirstOrDefault(mine.Contains);
                if (shared is null)
                {
                    continue;
                }

                yield return RuleContext.Report(Rule, sidecar, sidecar.WorkloadSelector!.Span,
                    $"Sidecar {sidecar.Name} and Sidecar {other.Ref.Namespace}/{other.Name} both select {shared.Kind} {shared.Name}; Istio applies only one of them.",
                    new RelatedLocation(other.WorkloadSelector!.Span, $"{other.Ref} selects the same workload", other.Ref));
                break;
            }
        }
    }
}
