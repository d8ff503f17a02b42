using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class WorkloadInTwoMeshes : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4500",
        Name: "WorkloadInTwoMeshes",
        Mesh: Mesh.Kubernetes,
        Category: Category.Configuration,
        Title: "Workload is injected by two meshes",
        Description: "Each mesh injects its own proxy and rewrites the pod's iptables rules. A pod enabled for two meshes (Linkerd, Istio sidecar or ambient, Consul) gets two proxies that both try to capture the same traffic: connections loop or fail, mTLS is negotiated twice or not at all, and neither mesh's policy reliably applies. Enablement is resolved per mesh, from the namespace and from the pod template.",
        Remediation: "Choose one mesh for the workload and opt it out of the other explicitly (for example `sidecar.istio.io/inject: \"false\"`, `linkerd.io/inject: disabled`, `consul.hashicorp.com/connect-inject: \"false\"`).",
        DefaultSeverity: Severity.Error,
        Inputs: ["Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        Tags: ["cross-mesh", "injection"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var workload in context.Index.OfType<Workload>())
        {
            var switches = MeshEnablement.OfWorkload(workload, context.Index);
            var families = switches.GroupBy(s => Family(s.Mesh)).Select(g => g.First()).ToList();
            if (families.Count < 2 || !switches.Any(s => s.OnWorkload))
            {
                continue;
            }

            var at = switches.Where(s => s.OnWorkload).OrderBy(s => s.Key.Span.StartLine).ThenBy(s => s.Key.Span.StartColumn).Last();
            var list = string.Join(" and ", families.Select(s => $"{s.Mesh} ({s.Key.Value}{(s.OnWorkload ? string.Empty : " on the namespace")})"));
            yield return RuleContext.Report(Rule, workload, at.Key.Span, $"{workload.Kind} {workload.Name} is enabled for {list}: two proxies would capture the same traffic.");
        }
    }

    internal static string Family(string mesh) => mesh == MeshEnablement.IstioAmbient ? MeshEnablement.Istio : mesh;
}
