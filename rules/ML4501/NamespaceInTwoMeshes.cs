using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class NamespaceInTwoMeshes : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4501",
        Name: "NamespaceInTwoMeshes",
        Mesh: Mesh.Kubernetes,
        Category: Category.Configuration,
        Title: "Namespace enables two meshes",
        Description: "A namespace that turns on injection for two meshes (for example `istio-injection: enabled` or `istio.io/dataplane-mode: ambient` together with `linkerd.io/inject: enabled`) puts every new pod under two proxies that fight over the same traffic.",
        Remediation: "Keep one mesh's namespace setting and remove the other; move workloads that need the other mesh to their own namespace.",
        DefaultSeverity: Severity.Error,
        Inputs: ["Namespace"],
        Tags: ["cross-mesh", "injection"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var ns in context.Index.OfType<Namespace>())
        {
            var switches = MeshEnablement.OfNamespace(ns);
            var families = switches.GroupBy(s => WorkloadInTwoMeshes.Family(s.Mesh)).Select(g => g.First()).ToList();
            if (families.Count < 2)
            {
                continue;
            }

            var at = switches.OrderBy(s => s.Key.Span.StartLine).ThenBy(s => s.Key.Span.StartColumn).Last();
            var list = string.Join(" and ", families.Select(s => $"{s.Mesh} ({s.Key.Value})"));
            yield return RuleContext.Report(Rule, ns, at.Key.Span, $"Namespace {ns.Name} enables {list}: every new pod would get two proxies capturing the same traffic.");
        }
    }
}
