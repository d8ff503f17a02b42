using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class ConflictingTelemetrySelectors : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1704",
        Name: "ConflictingTelemetrySelectors",
        Mesh: Mesh.Istio,
        Category: Category.Observability,
        Title: "Two Telemetry resources select the same workload",
        Description: "For a given workload Istio applies one selector-based Telemetry resource on top of the namespace and mesh defaults. When two in a namespace select the same pods, Istio uses one and ignores the other, so its tracing, metrics or access-log settings do not apply, and which one wins can change when objects are re-created.",
        Remediation: "Merge the two Telemetry resources, or narrow their selectors so that each workload is selected by at most one.",
        DefaultSeverity: Severity.Error,
        Inputs: ["Telemetry", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "Rollout"],
        Equivalents: ["IST0159"],
        Tags: ["telemetry"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var selective = index.OfType<Telemetry>().Where(t => t.Selector is { Labels.IsEmpty: false }).ToList();
        foreach (var telemetry in selective)
        {
            var ns = telemetry.Namespace ?? "default";
            var mine = WorkloadSelection.Selected(telemetry.Selector!, ns, index).ToList();
            foreach (var other in selective.Where(o => !ReferenceEquals(o, telemetry) && o.Namespace == telemetry.Namespace))
            {
                var shared = WorkloadSelection.Selected(other.Selector!, ns, index).FirstOrDefault(mine.Contains);
                if (shared is null)
                {
                    continue;
                }

                yield return RuleContext.Report(Rule, telemetry, telemetry.Selector!.Span,
                    $"Telemetry {telemetry.Name} and Telemetry {other.Ref.Namespace}/{other.Name} both select {shared.Kind} {shared.Name}; Istio applies only one of them.",
                    new RelatedLocation(other.Selector!.Span, $"{other.Ref} selects the same workload", other.Ref));
                break;
            }
        }
    }
}
