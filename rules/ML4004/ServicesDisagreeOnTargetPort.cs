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
        foreach (var c in InboundPortConflicts.Find(context.Index, p => p.Port is not null, (a, b) => a.Port!.Value.Value != b.Port!.Value.Value))
        {
            yield return RuleContext.Report(Rule, c.Service, c.Port.Span,
                $"Service {c.Service.Name} exposes target port {RuleText.Number(c.Target)} of {c.Workload.Kind} {c.Workload.Name} as port {RuleText.Number(c.Port.Port!.Value.Value)}, but Service {c.OtherService.Ref.Namespace}/{c.OtherService.Name} exposes it as port {RuleText.Number(c.OtherPort.Port!.Value.Value)}.",
                new RelatedLocation(c.OtherPort.Span, $"{c.OtherService.Ref} uses port {RuleText.Number(c.OtherPort.Port!.Value.Value)}", c.OtherService.Ref));
        }
    }
}
