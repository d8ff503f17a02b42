using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class OverlappingServers : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2037",
        Name: "OverlappingServers",
        Mesh: Mesh.Linkerd,
        Category: Category.Security,
        Title: "Two Servers select the same pod port",
        Description: "Servers must not overlap. When two Servers select the same pod and port, the policy controller uses the older one (then the first by name) and ignores the other, so which authorizations apply depends on creation order and can change on the next re-apply.",
        Remediation: "Narrow one of the selectors or ports so that each pod port is covered by exactly one Server.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Server", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        SecuritySeverity: 4.0,
        Tags: ["authorization"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var policy = LinkerdPolicy.Of(context.Index);
        var servers = policy.Servers.OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        var namespaceStart = 0;
        for (var i = 0; i < servers.Count; i++)
        {
            var later = servers[i];
            if (servers[namespaceStart].Namespace != later.Namespace)
            {
                namespaceStart = i; // sorted by namespace: only this namespace's earlier Servers can overlap
            }

            // Two copies of one Server (same name) are a duplicate object, not an overlap.
            foreach (var earlier in servers.Skip(namespaceStart).Take(i - namespaceStart).Where(s => s.Name != later.Name))
            {
                var shared = (from a in policy.Selections(earlier)
                              from b in policy.Selections(later)
                              where ReferenceEquals(a.Workload, b.Workload)
                              from port in a.Ports.Intersect(b.Ports)
                              select (a.Workload, Port: port)).FirstOrDefault();
                if (shared.Workload is null)
                {
                    continue;
                }

                yield return RuleContext.Report(Rule, later, later.Port?.Span ?? later.SpecSpan,
                    $"Server {later.Name} and Server {earlier.Name} both select port {shared.Port} of {shared.Workload.Kind} {shared.Workload.Name}; the policy controller applies only one of them (the older, then the first by name).",
                    new Core.Rules.RelatedLocation(earlier.Port?.Span ?? earlier.SpecSpan, $"Server {earlier.Name}", earlier.Ref));
            }
        }
    }
}
