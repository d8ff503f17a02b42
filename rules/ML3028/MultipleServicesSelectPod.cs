using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class MultipleServicesSelectPod : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3028",
        Name: "MultipleServicesSelectPod",
        Mesh: Mesh.Consul,
        Category: Category.Configuration,
        Title: "Several Services select one meshed pod",
        Description: "consul-k8s registers a meshed pod once per Kubernetes Service that selects it. When more than one does, connect-init finds several services (\"There are multiple Consul services registered for this pod\") and the pod never starts. Multi-port pods (connect-service with a comma list) are the exception.",
        Remediation: "Label every Service but one with consul.hashicorp.com/service-ignore: \"true\", or set the consul.hashicorp.com/kubernetes-service annotation on the pod template to the Service Consul should use.",
        DefaultSeverity: Severity.Error,
        Inputs: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "Service", "HelmValues", "HelmRelease"],
        Tags: ["injection"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var workload in index.OfType<Workload>())
        {
            if (ConsulInjection.IsMultiPort(workload.Template) || !ConsulInjection.IsMeshed(workload, index))
            {
                continue;
            }

            var services = ConsulInjection.RegisteringServices(workload, index);
            if (services.Length < 2)
            {
                continue;
            }

            yield return RuleContext.Report(Rule, workload, ConsulInjection.MeshedAnchor(workload),
                $"{workload.Kind} {workload.Name} is selected by {services.Length} Services ({string.Join(", ", services.Select(s => s.Name))}), so consul-k8s registers it {services.Length} times and connect-init fails.",
                services.Select(s => new RelatedLocation(s.NameSpan, $"Service {s.Name} selects the pod", s.Ref)).ToArray());
        }
    }
}
