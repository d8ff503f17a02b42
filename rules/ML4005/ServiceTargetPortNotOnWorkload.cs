using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class ServiceTargetPortNotOnWorkload : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4005",
        Name: "ServiceTargetPortNotOnWorkload",
        Mesh: Mesh.Kubernetes,
        Category: Category.Routing,
        Title: "Service targets a port no selected workload declares",
        Description: "A Service forwards to its targetPort (its port when unset) on the pods it selects. A named target port must match a containerPort name in the pod template, or the Service has no endpoints for it. A numeric one that none of the workloads' declared container ports matches usually means the Service and the Deployment disagree, and requests fail with 503 or connection refused. Checked for Services whose selected workloads are in the manifests; numeric ports only for workloads that declare ports.",
        Remediation: "Point targetPort at a port the container declares (by name or number), or declare the port in the pod template.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "Rollout"],
        Equivalents: ["KIA0701"],
        Tags: ["ports", "reference"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var service in index.OfType<Service>())
        {
            if (service.Selector is not { IsEmpty: false } selector)
            {
                continue;
            }

            var workloads = index.WorkloadsSelectedBy(service.Namespace ?? "default", selector).ToList();
            if (workloads.Count == 0)
            {
                continue;
            }

            foreach (var port in service.Ports)
            {
                if (Reachable(port, workloads))
                {
                    continue;
                }

                var target = port.TargetPort?.Value ?? (port.Port is { } p ? RuleText.Number(p.Value) : "?");
                yield return RuleContext.Report(Rule, service, port.TargetPort?.Span ?? port.Span,
                    $"Target port {target} of Service {service.Name} is not a container port of {RuleText.List(workloads.Select(w => $"{w.Kind} {w.Name}"))}.",
                    new RelatedLocation(workloads[0].Template.Span, $"{workloads[0].Ref} pod template", workloads[0].Ref));
            }
        }
    }

    private static bool Reachable(ServicePort port, List<Workload> workloads)
    {
        if (ServiceTargets.IsNamed(port))
        {
            return workloads.Any(w => ServiceTargets.Resolve(port, w) is not null);
        }

        // Kubernetes does not require numeric ports to be declared; only a workload that declares some says which it serves.
        var declaring = workloads.Where(w => w.Template.Containers.Any(c => !c.Ports.IsEmpty)).ToList();
        var number = ServiceTargets.Resolve(port, workloads[0]);
        return declaring.Count < workloads.Count || number is null || declaring.Any(w => w.Template.Containers.SelectMany(c => c.Ports).Any(cp => cp.Port?.Value == number));
    }
}
