using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class RootSidecarWithSelector : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1506",
        Name: "RootSidecarWithSelector",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "Root-namespace Sidecar has a workload selector",
        Description: "A Sidecar in the root namespace without a selector is the mesh-wide default for namespaces that have no Sidecar of their own. A selector restricts a Sidecar to workloads of its own namespace, so a root-namespace Sidecar with one applies to nothing outside the root namespace and the mesh loses the default its author meant to set.",
        Remediation: "Remove workloadSelector from the root-namespace Sidecar; put workload-specific Sidecars in the workloads' namespaces.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Sidecar", "ConfigMap", "IstioOperator"],
        Equivalents: ["KIA1006"],
        Tags: ["sidecar"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var root = context.Settings.IstioRootNamespace;
        foreach (var sidecar in context.Index.OfType<Sidecar>())
        {
            if (sidecar.Namespace == root && sidecar.WorkloadSelector is { Labels.IsEmpty: false } selector)
            {
                yield return RuleContext.Report(Rule, sidecar, selector.Span,
                    $"Sidecar {sidecar.Name} in the root namespace {root} has a workloadSelector, so it is not the mesh-wide default and applies only to {root} workloads.");
            }
        }
    }
}
