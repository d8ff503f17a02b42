using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class ServerPortNotOnPods : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2036",
        Name: "ServerPortNotOnPods",
        Mesh: Mesh.Linkerd,
        Category: Category.Security,
        Title: "Server port name is not declared by the selected pods",
        Description: "A `Server` may name its port; Linkerd resolves the name against the `containerPort` names of each selected pod. When no selected container declares that name, the Server covers no port at all and the pods keep their default policy, so the Server's authorizations never apply.",
        Remediation: "Use a port name declared in the selected pod templates, or the port number.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Server", "ExternalWorkload", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        SecuritySeverity: 4.0,
        Tags: ["authorization"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var policy = LinkerdPolicy.Of(context.Index);
        foreach (var server in policy.Servers)
        {
            if (server.PortIsNumber || server.Port is not { } port)
            {
                continue;
            }

            var selections = policy.Selections(server);
            var external = policy.ExternalWorkloads(server).ToList();
            if ((selections.IsEmpty && external.Count == 0) || selections.Any(s => !s.Ports.IsEmpty) || external.Any(e => e.Ports.Any(p => p.Name?.Value == port.Value)))
            {
                continue;
            }

            var names = selections.SelectMany(s => LinkerdPolicy.NamedPorts(s.Workload.Template).Keys)
                .Concat(external.SelectMany(e => e.Ports.Select(p => p.Name?.Value).OfType<string>()))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var workloads = string.Join(", ", selections.Select(s => s.Workload.Name).Concat(external.Select(e => e.Name)));
            yield return RuleContext.Report(Rule, server, port.Span,
                $"Server {server.Name} covers the port named {port.Value}, but none of the workloads it selects ({workloads}) declares a TCP port of that name (declared: {(names.Count == 0 ? "none" : string.Join(", ", names))}), so the Server covers no port.");
        }
    }
}
