using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class ServerSpeaksFirstPortNotOpaque : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2034",
        Name: "ServerSpeaksFirstPortNotOpaque",
        Mesh: Mesh.Linkerd,
        Category: Category.Resilience,
        Title: "Server-speaks-first port left to protocol detection",
        Description: "With protocols where the server talks first (SMTP, MySQL, Galera, PostgreSQL, Redis, Elasticsearch transport, Memcached, NATS), the proxy waits up to 10 seconds for client bytes that never come before it gives up detecting the protocol, so every connection stalls. Linkerd marks the usual ports opaque by default, but the default list is replaced, not extended, by an explicit `opaque-ports` annotation or a changed Helm `proxy.opaquePorts`, and a `Server` without `proxyProtocol` on the port overrides the annotation with detection.",
        Remediation: "Add the port to `config.linkerd.io/opaque-ports` (keeping the other opaque ports the workload needs), or set `proxyProtocol: opaque` on the Server that covers it.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Server", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "HelmValues", "HelmRelease"],
        Tags: ["protocol"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var policy = LinkerdPolicy.Of(index);
        var reportedServers = new HashSet<Server>(ReferenceEqualityComparer.Instance);
        foreach (var workload in index.OfType<Workload>())
        {
            if (!LinkerdInjection.Resolve(workload, index).IsMeshed)
            {
                continue;
            }

            var skipped = LinkerdPorts.PodAnnotation(workload, index, LinkerdAnnotations.SkipInboundPorts) is { } skip ? LinkerdParsing.PortsOf(skip.Value) : [];
            var (opaqueList, _, source) = LinkerdPorts.PodOpaquePorts(workload, index);
            var opaque = LinkerdParsing.PortsOf(opaqueList, LinkerdPorts.ContainerPortNumbers(workload.Template));
            foreach (var containerPort in workload.Template.Containers.Concat(workload.Template.InitContainers).SelectMany(c => c.Ports))
            {
                if (containerPort.Port is not { } located || !LinkerdPolicy.IsTcp(containerPort) ||
                    !LinkerdPorts.ServerSpeaksFirst.TryGetValue((int)located.Value, out var protocol) || skipped.Contains((int)located.Value))
                {
                    continue;
                }

                var port = (int)located.Value;
                var servers = policy.ServersCovering(workload, port).ToList();
                if (servers.Count > 0)
                {
                    foreach (var server in servers.Where(s => s.ProxyProtocol?.Value is null or "unknown" && reportedServers.Add(s)))
                    {
                        yield return RuleContext.Report(Rule, server, server.ProxyProtocol?.Span ?? server.SpecSpan,
                            $"Server {server.Name} covers port {port} ({protocol}, the server speaks first) of {workload.Kind} {workload.Name} without proxyProtocol, so protocol detection runs and overrides the opaque-ports annotation: connections stall for the detection timeout.");
                    }

                    continue;
                }

                if (!opaque.Contains(port))
                {
                    yield return RuleContext.Report(Rule, workload, located.Span,
                        $"Port {port} ({protocol}, the server speaks first) of {workload.Kind} {workload.Name} is not opaque under {source}, so the proxy waits for the client to speak and each connection stalls for the protocol-detection timeout.");
                }
            }
        }
    }
}
