using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class ServerSelectsUnmeshedWorkload : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2030",
        Name: "ServerSelectsUnmeshedWorkload",
        Mesh: Mesh.Linkerd,
        Category: Category.Security,
        Title: "Server selects a workload Linkerd does not inject",
        Description: "Linkerd enforces a `Server` and its authorizations inside the proxy of the selected pods. A pod without the proxy (injection disabled or invalid, `hostNetwork: true`, or a namespace and pod template that never enable injection) accepts every connection on that port, whatever the policy says.",
        Remediation: "Mesh the workload (`linkerd.io/inject: enabled` on the namespace or pod template, no `hostNetwork`), or protect it by other means (NetworkPolicy) and remove the Server.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Server", "Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        SecuritySeverity: 6.0,
        Tags: ["injection", "authorization"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var policy = LinkerdPolicy.Of(index);
        foreach (var server in policy.Servers)
        {
            if (server.PodSelector is not { } selector)
            {
                continue;
            }

            foreach (var selection in policy.Selections(server))
            {
                var injection = LinkerdInjection.Resolve(selection.Workload, index);
                if (injection.State == LinkerdMeshState.NotMeshed)
                {
                    yield return RuleContext.Report(Rule, server, selector.Span,
                        $"Server {server.Name} selects {selection.Workload.Kind} {selection.Workload.Name}, which Linkerd does not inject ({injection.Reason}): the Server's policy is not enforced on its pods.",
                        new Core.Rules.RelatedLocation(injection.DecidingKey?.Span ?? selection.Workload.NameSpan, "why the workload is not meshed", selection.Workload.Ref));
                }
            }
        }
    }
}
