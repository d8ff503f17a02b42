using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class MultiPortTransparentProxy : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3037",
        Name: "MultiPortTransparentProxy",
        Mesh: Mesh.Consul,
        Category: Category.Configuration,
        Title: "Multi-port pod with transparent proxy enabled",
        Description: "A pod registered as several Consul services (connect-service with a comma list) cannot use transparent proxy: the consul-k8s webhook refuses to inject it (\"multi protocol multi port services are not compatible with transparent proxy\") and the pod is not created. Transparent proxy is on by default (Helm connectInject.transparentProxy.defaultEnabled), so it must be turned off explicitly.",
        Remediation: "Add consul.hashicorp.com/transparent-proxy: \"false\" to the pod template.",
        DefaultSeverity: Severity.Error,
        Inputs: ["Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "HelmValues", "HelmRelease"],
        Tags: ["transparent-proxy", "injection"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var workload in index.OfType<Workload>())
        {
            var pod = workload.Template;
            if (!ConsulInjection.IsMultiPort(pod) || !ConsulInjection.IsMeshed(workload, index)
                || !ConsulInjection.TransparentProxyEnabled(workload, index, out var decidedBy)
                || !pod.Annotations.TryGet(ConsulInjection.ServiceKey, out var services))
            {
                continue;
            }

            var why = decidedBy is null ? "transparent proxy is on by default" : $"transparent proxy is on ({decidedBy.Value.Value})";
            yield return RuleContext.Report(Rule, workload, services.Span,
                $"{workload.Kind} {workload.Name} registers several Consul services ({services.Value}) and {why}, so the injection webhook rejects the pod.");
        }
    }
}
