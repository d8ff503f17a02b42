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

            var unmeshed = policy.Selections(server)
                .Select(s => (s.Workload, Injection: LinkerdInjection.Resolve(s.Workload, index)))
                .Where(s => s.Injection.State == LinkerdMeshState.NotMeshed)
                .ToList();
            if (unmeshed.Count == 0)
            {
                continue;
            }

            var first = unmeshed[0];
            var what = unmeshed.Count == 1
                ? $"{first.Workload.Kind} {first.Workload.Name}, which Linkerd does not inject ({first.Injection.Reason})"
                : $"{unmeshed.Count} workloads Linkerd does not inject ({string.Join(", ", unmeshed.Take(4).Select(u => $"{u.Workload.Kind} {u.Workload.Name}"))}{(unmeshed.Count > 4 ? ", ..." : string.Empty)}; {first.Workload.Kind} {first.Workload.Name}: {first.Injection.Reason})";
            yield return RuleContext.Report(Rule, server, selector.Span,
                $"Server {server.Name} selects {what}: the Server's policy is not enforced on those pods.",
                unmeshed.Select(u => new Core.Rules.RelatedLocation(u.Injection.DecidingKey?.Span ?? u.Workload.NameSpan, $"{u.Workload.Kind} {u.Workload.Name}: {u.Injection.Reason}", u.Workload.Ref)).ToArray());
        }
    }
}
