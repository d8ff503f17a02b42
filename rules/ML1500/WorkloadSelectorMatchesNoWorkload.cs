using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class WorkloadSelectorMatchesNoWorkload : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1500",
        Name: "WorkloadSelectorMatchesNoWorkload",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "Selector matches no workload",
        Description: "A Sidecar, Telemetry, EnvoyFilter, WasmPlugin or ProxyConfig with a selector applies only to the workloads whose pod labels match, in its namespace (in every namespace from the root namespace). When none matches, the resource does nothing: the egress restriction, telemetry setting or proxy patch its author expects is absent, usually because of a typo or a label that changed. Reported only for namespaces whose workloads are in the manifests.",
        Remediation: "Make the selector's labels match the pod template labels of the intended workload, or delete the resource if the workload is gone.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Sidecar", "Telemetry", "EnvoyFilter", "WasmPlugin", "ProxyConfig", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "Rollout"],
        Equivalents: ["IST0101", "KIA0004"],
        Tags: ["reference", "selector"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var obj in index.Objects)
        {
            if (WorkloadSelection.SelectorOf(obj) is not { Labels.IsEmpty: false } selector)
            {
                continue;
            }

            var ns = obj.Namespace ?? "default";
            if (!WorkloadSelection.WorkloadsKnown(ns, index) || WorkloadSelection.Selected(selector, ns, index).Any()
                || (IstioGateways.IsDefaultGatewaySelector(selector.Labels) && !index.OfType<Workload>().Any(IstioGateways.IsGatewayWorkload)))
            {
                continue;
            }

            yield return RuleContext.Report(Rule, obj, selector.Labels.Span,
                $"Selector {selector.Labels} of {obj.Kind} {obj.Name} matches no workload in namespace {ns}, so it has no effect.");
        }
    }
}
