using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class SkipInboundPortBypassesPolicy : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2032",
        Name: "SkipInboundPortBypassesPolicy",
        Mesh: Mesh.Linkerd,
        Category: Category.Security,
        Title: "skip-inbound-ports covers a served port",
        Description: "`config.linkerd.io/skip-inbound-ports` makes iptables send the listed ports straight to the application, around the proxy: no mTLS, no authorization policy, no metrics. On a port that a `Server` protects, or that a Service sends traffic to, it silently disables the policy and the encryption the mesh is there for. It is not a way to avoid protocol detection: that is what `opaque-ports` is for.",
        Remediation: "Remove the port from `skip-inbound-ports`; if the protocol is server-speaks-first or not HTTP, list the port in `config.linkerd.io/opaque-ports` instead.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Server", "Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "HelmValues", "HelmRelease"],
        SecuritySeverity: 6.5,
        Tags: ["injection", "mtls"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var policy = LinkerdPolicy.Of(index);
        foreach (var workload in index.OfType<Workload>())
        {
            if (LinkerdInjection.Resolve(workload, index).State == LinkerdMeshState.NotMeshed ||
                LinkerdPorts.PodAnnotation(workload, index, LinkerdAnnotations.SkipInboundPorts) is not { } skip)
            {
                continue;
            }

            var skipped = LinkerdParsing.PortsOf(skip.Value);
            var reasons = new List<string>();
            foreach (var port in skipped.Order())
            {
                foreach (var server in policy.ServersCovering(workload, port))
                {
                    reasons.Add($"port {port} is protected by Server {server.Name}");
                }
            }

            foreach (var service in index.ServicesSelecting(workload))
            {
                foreach (var servicePort in service.Ports)
                {
                    if (LinkerdPorts.TargetPort(servicePort, workload.Template) is { } target && skipped.Contains(target) &&
                        !reasons.Any(r => r.StartsWith($"port {target} ", StringComparison.Ordinal)))
                    {
                        reasons.Add($"port {target} receives the traffic of Service {service.Name}");
                    }
                }
            }

            if (reasons.Count > 0)
            {
                yield return RuleContext.Report(Rule, skip.Owner, skip.Span,
                    $"{skip.Source} makes traffic to {workload.Kind} {workload.Name} bypass the proxy (no mTLS, no authorization) although {string.Join("; ", reasons)}.");
            }
        }
    }
}
