using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class ServiceEntrySelectorMatchesNoEndpoint : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1510",
        Name: "ServiceEntrySelectorMatchesNoEndpoint",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "ServiceEntry selector matches no endpoint",
        Description: "A ServiceEntry with workloadSelector takes its endpoints from the WorkloadEntries and pods of its namespace whose labels match. When none match, the service has no endpoints and every call to its hosts fails with 503 (no healthy upstream), typically after a relabelled VM registration or a typo. A WorkloadGroup whose template carries the labels (VMs that register themselves) counts as a source of endpoints. Checked for namespaces whose WorkloadEntries or workloads are in the manifests.",
        Remediation: "Make the selector match the labels of the WorkloadEntries or pods that serve the host, or add the missing WorkloadEntry.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["ServiceEntry", "WorkloadEntry", "WorkloadGroup", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "Rollout"],
        Equivalents: ["KIA1201"],
        Tags: ["serviceentry", "reference"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var entry in index.OfType<ServiceEntry>())
        {
            if (entry.WorkloadSelector is not { Labels.IsEmpty: false } selector)
            {
                continue;
            }

            var ns = entry.Namespace ?? "default";
            var entries = index.InNamespace<WorkloadEntry>(ns).ToList();
            if (entries.Count == 0 && index.WorkloadsIn(ns).IsEmpty)
            {
                continue;
            }

            var matched = entries.Any(w => selector.Labels.IsSubsetOf(w.EndpointLabels))
                || index.WorkloadsSelectedBy(ns, selector.Labels).Any()
                || index.InNamespace<WorkloadGroup>(ns).Any(g => selector.Labels.IsSubsetOf(g.TemplateLabels));
            if (matched)
            {
                continue;
            }

            yield return RuleContext.Report(Rule, entry, selector.Labels.Span,
                $"workloadSelector {selector.Labels} of ServiceEntry {entry.Name} matches no WorkloadEntry or pod in namespace {ns}, so its hosts have no endpoints.");
        }
    }
}
