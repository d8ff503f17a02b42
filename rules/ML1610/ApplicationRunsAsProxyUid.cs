using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class ApplicationRunsAsProxyUid : IRule
{
    private const long ProxyUid = 1337;

    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1610",
        Name: "ApplicationRunsAsProxyUid",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "Application runs as the sidecar's UID 1337",
        Description: "The iptables rules that send a pod's traffic through its sidecar exempt packets of user ID 1337, the istio-proxy container's UID, so that the proxy's own connections are not captured. An application container running as UID 1337 is exempt too: its outbound connections bypass the proxy, without mTLS, egress policy or telemetry.",
        Remediation: "Run the application as another user ID (securityContext.runAsUser of the container or the pod); 1337 is reserved for istio-proxy.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        SecuritySeverity: 5.0,
        Equivalents: ["IST0144"],
        Tags: ["injection", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var workload in context.Index.OfType<Workload>())
        {
            var pod = workload.Template;
            // The control plane and gateways (labelled istio=..., or installed by the istio release) run the proxy itself.
            if (workload.Labels.ContainsKey("istio") || pod.Labels.ContainsKey("istio") || workload.Labels["release"] == "istio"
                || !IstioInjection.CouldBeInMesh(workload, context.Index))
            {
                continue;
            }

            var apps = pod.Containers.Where(c => c.Name?.Value is not ("istio-proxy" or "istio-operator")).ToList();
            var name = AnnotationSite.Describe(workload);
            if (pod.RunAsUser is { Value: ProxyUid } podUid && apps.Any(c => c.RunAsUser is null))
            {
                yield return RuleContext.Report(Rule, workload, podUid.Span,
                    $"{name} runs its pod as user ID 1337, the sidecar's, so its application traffic is not captured by the proxy.");
            }

            foreach (var container in apps)
            {
                if (container.RunAsUser is { Value: ProxyUid } uid)
                {
                    yield return RuleContext.Report(Rule, workload, uid.Span,
                        $"Container {container.Name?.Value ?? "(unnamed)"} of {name} runs as user ID 1337, the sidecar's, so its traffic is not captured by the proxy.");
                }
            }
        }
    }
}
