using System.Globalization;
using System.Text.RegularExpressions;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed partial class ServicePortServedOnLocalhost : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4007",
        Name: "ServicePortServedOnLocalhost",
        Mesh: Mesh.Kubernetes,
        Category: Category.Routing,
        Title: "Service port is served on localhost",
        Description: "An application bound to 127.0.0.1, localhost or [::1] accepts connections only from inside its pod. Since Istio 1.10 the sidecar forwards inbound traffic to the pod IP, as plain Kubernetes does, so a Service port backed by such a listener is unreachable from other pods. Consul-meshed pods are exempt: Consul's Envoy sidecar hands inbound connections to the application at 127.0.0.1. MeshLint looks for listen addresses of that form (not URLs) in a container's command, arguments and environment, on a port a Service targets.",
        Remediation: "Bind the application to 0.0.0.0 (or ::); if it must stay on localhost, add a Sidecar ingress listener with `defaultEndpoint: 127.0.0.1:<port>`, or remove the port from the Service.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "Rollout", "HelmValues", "HelmRelease"],
        Equivalents: ["IST0143"],
        Tags: ["istio", "ports"]);

    public RuleDescriptor Descriptor => Rule;

    [GeneratedRegex(@"(?<![\w/.:])(?:127\.0\.0\.1|localhost|\[::1\]):(?<port>\d{1,5})(?![\w.:])", RegexOptions.CultureInvariant)]
    private static partial Regex LoopbackListen();

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var workload in index.OfType<Workload>())
        {
            // Consul's Envoy sidecar hands inbound connections to the application at 127.0.0.1 (its local_app
            // cluster), so a loopback listener is how a Consul-meshed application is meant to listen.
            if (ConsulInjection.IsMeshed(workload, index))
            {
                continue;
            }

            var targeted = index.ServicesSelecting(workload)
                .SelectMany(s => s.Ports.Select(p => (Service: s, Target: ServiceTargets.Resolve(p, workload))))
                .Where(t => t.Target is not null)
                .ToList();
            if (targeted.Count == 0)
            {
                continue;
            }

            foreach (var container in workload.Template.Containers)
            {
                foreach (var value in container.CommandLine.Concat(container.Environment.Select(e => e.Value)))
                {
                    if (value.Value.Contains("://", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    foreach (Match match in LoopbackListen().Matches(value.Value))
                    {
                        var port = long.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture);
                        var service = targeted.FirstOrDefault(t => t.Target == port).Service;
                        if (service is null)
                        {
                            continue;
                        }

                        yield return RuleContext.Report(Rule, workload, value.Span,
                            $"Container {container.Name?.Value ?? "?"} of {workload.Kind} {workload.Name} listens on {match.Value}, but Service {service.Ref.Namespace}/{service.Name} sends port {RuleText.Number(port)} traffic to the pod IP.",
                            new RelatedLocation(service.NameSpan, $"{service.Ref} targets port {RuleText.Number(port)}", service.Ref));
                    }
                }
            }
        }
    }
}
