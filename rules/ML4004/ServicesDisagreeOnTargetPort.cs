using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class ServicesDisagreeOnTargetPort : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4004",
        Name: "ServicesDisagreeOnTargetPort",
        Mesh: Mesh.Kubernetes,
        Category: Category.Configuration,
        Title: "Services map one target port to different ports",
        Description: "Istio requires Services that select the same workload and send to the same targetPort to use the same service port for it. The sidecar's inbound configuration for that container port is keyed by the service port; with two different ports (80 in one Service, 8080 in the other), one mapping wins and traffic through the other Service can miss port-based routes and policies (AuthorizationPolicy ports, portLevelSettings, portLevelMtls).",
        Remediation: "Use the same `port` in every Service that targets the container port, or target different container ports.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Service", "Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "Rollout"],
        Equivalents: ["IST0137"],
        Tags: ["istio", "ports"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var reported = new HashSet<ServicePort>();
        // The conflict is in the sidecar's inbound listeners: only workloads with a sidecar have them.
        foreach (var workload in index.OfType<Workload>().Where(w => IstioInjection.IsInMesh(w, index)))
        {
            var targets = index.ServicesSelecting(workload)
                .Where(s => !IstioServices.IsOutsideMesh(s, index))
                .SelectMany(s => s.Ports.Select(p => (Service: s, Port: p, Target: ServiceTargets.Resolve(p, workload))))
                .Where(t => t.Target is not null && t.Port.Port is not null)
                .GroupBy(t => t.Target!.Value);
            foreach (var group in targets)
            {
                var entries = group.ToList();
                foreach (var entry in entries)
                {
                    var other = entries.FirstOrDefault(o => !ReferenceEquals(o.Service, entry.Service) && o.Port.Port!.Value.Value != entry.Port.Port!.Value.Value);
                    if (other.Service is null || !reported.Add(entry.Port))
                    {
                        continue;
                    }

                    yield return RuleContext.Report(Rule, entry.Service, entry.Port.Span,
                        $"Service {entry.Service.Name} exposes target port {RuleText.Number(group.Key)} of {workload.Kind} {workload.Name} as port {RuleText.Number(entry.Port.Port!.Value.Value)}, but Service {other.Service.Ref.Namespace}/{other.Service.Name} exposes it as port {RuleText.Number(other.Port.Port!.Value.Value)}.",
                        new RelatedLocation(other.Port.Span, $"{other.Service.Ref} uses port {RuleText.Number(other.Port.Port!.Value.Value)}", other.Service.Ref));
                }
            }
        }
    }
}
