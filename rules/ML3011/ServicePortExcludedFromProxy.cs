using System.Globalization;
using MeshLint.Core.Index;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class ServicePortExcludedFromProxy : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3011",
        Name: "ServicePortExcludedFromProxy",
        Mesh: Mesh.Consul,
        Category: Category.Security,
        Title: "Inbound exclusion bypasses Envoy on the service port",
        Description: "consul.hashicorp.com/transparent-proxy-exclude-inbound-ports removes ports from the iptables redirection: connections to them reach the application directly, without mTLS and without intentions. Excluding the port the service serves (its connect-service-port, or a targetPort of a Service that registers the pod) makes every intention for it meaningless. Ingress controllers that must accept traffic from outside the mesh are the documented exception.",
        Remediation: "Remove the port from the exclusion; for kubelet probes rely on transparent-proxy-overwrite-probes (on by default). For an ingress controller, suppress the finding with that reason.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "Service", "HelmValues", "HelmRelease"],
        SecuritySeverity: 8.0,
        Tags: ["transparent-proxy", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var workload in index.OfType<Workload>())
        {
            if (!workload.Template.Annotations.TryGet(ConsulInjection.ExcludeInboundPortsKey, out var excluded) || !ConsulInjection.IsMeshed(workload, index))
            {
                continue;
            }

            var served = ServedPorts(workload, index);
            var hits = excluded.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Where(p => long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && served.Contains(port))
                .ToList();
            if (hits.Count > 0)
            {
                yield return RuleContext.Report(Rule, workload, excluded.Span,
                    $"{workload.Kind} {workload.Name} excludes its service port {string.Join(", ", hits)} from the proxy, so connections to it skip mTLS and intentions.");
            }
        }
    }

    /// <summary>The ports clients reach through the mesh: connect-service-port, and the targetPorts of registering Services.</summary>
    private static HashSet<long> ServedPorts(Workload workload, MeshIndex index)
    {
        var ports = new HashSet<long>();
        if (workload.Template.Annotations[ConsulInjection.ServicePortKey] is { } annotated)
        {
            foreach (var token in annotated.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                AddPort(workload.Template, token, ports);
            }
        }

        foreach (var service in ConsulInjection.RegisteringServices(workload, index))
        {
            foreach (var port in service.Ports)
            {
                var target = port.TargetPort?.Value ?? port.Port?.Value.ToString(CultureInfo.InvariantCulture);
                if (target is not null)
                {
                    AddPort(workload.Template, target, ports);
                }
            }
        }

        return ports;
    }

    private static void AddPort(PodTemplate pod, string token, HashSet<long> ports)
    {
        if (long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            ports.Add(number);
            return;
        }

        foreach (var container in pod.Containers)
        {
            foreach (var port in container.Ports)
            {
                if (port.Name?.Value == token && port.Port is { } named)
                {
                    ports.Add(named.Value);
                }
            }
        }
    }
}
