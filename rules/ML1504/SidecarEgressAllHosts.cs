using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class SidecarEgressAllHosts : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1504",
        Name: "SidecarEgressAllHosts",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "Sidecar egress imports every host",
        Description: "A Sidecar is where a namespace declares what its workloads may call. An egress host of `*/*` imports every service of every namespace: it gives up that declaration, reopens the whole registry to a compromised workload even under REGISTRY_ONLY, and forfeits the configuration-size savings Sidecars exist for.",
        Remediation: "List the namespaces (`./*`, `istio-system/*`, `billing/*`) or the individual hosts the workloads depend on.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Sidecar"],
        SecuritySeverity: 4.0,
        Tags: ["sidecar", "egress", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var sidecar in context.Index.OfType<Sidecar>())
        {
            foreach (var host in sidecar.Egress.SelectMany(e => e.Hosts).Where(h => h.Value == "*/*"))
            {
                yield return RuleContext.Report(Rule, sidecar, host.Span,
                    $"Sidecar {sidecar.Name} imports every host of every namespace (*/*).");
            }
        }
    }
}
