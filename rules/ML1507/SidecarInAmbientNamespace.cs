using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class SidecarInAmbientNamespace : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1507",
        Name: "SidecarInAmbientNamespace",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "Sidecar resource has no effect on ambient workloads",
        Description: "The Sidecar resource configures sidecar proxies. Workloads in ambient mode (namespace or pod labelled `istio.io/dataplane-mode: ambient`) have none: their traffic goes through ztunnel and waypoints, which ignore Sidecar resources, so the egress restriction or listener settings it declares do not exist for them.",
        Remediation: "Remove the Sidecar and express the intent with what ambient honours (for egress, a waypoint with ServiceEntries and AuthorizationPolicies), or keep the workloads in sidecar mode.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Sidecar", "Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "Rollout"],
        Equivalents: ["IST0167"],
        Tags: ["sidecar", "ambient"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var sidecar in index.OfType<Sidecar>())
        {
            var ns = sidecar.Namespace ?? "default";
            if (sidecar.WorkloadSelector is { Labels.IsEmpty: false } selector)
            {
                var selected = WorkloadSelection.Selected(selector, ns, index).ToList();
                if (selected.Count > 0 && selected.All(w => WorkloadSelection.IsAmbient(w, index)))
                {
                    yield return RuleContext.Report(Rule, sidecar, selector.Span,
                        $"Sidecar {sidecar.Name} selects only ambient workloads ({string.Join(", ", selected.Select(w => w.Name))}), which have no sidecar, so it has no effect.");
                }
            }
            else if (WorkloadSelection.IsAmbientNamespace(ns, index))
            {
                yield return RuleContext.Report(Rule, sidecar, sidecar.Header.DeclaredNamespace?.Span ?? sidecar.NameSpan,
                    $"Sidecar {sidecar.Name} is in namespace {ns}, which runs in ambient mode without sidecars, so it has no effect.");
            }
        }
    }
}
