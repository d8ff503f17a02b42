using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class RemovedConsulAnnotation : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3030",
        Name: "RemovedConsulAnnotation",
        Mesh: Mesh.Consul,
        Category: Category.Configuration,
        Title: "Consul annotation no longer supported",
        Description: "consul.hashicorp.com/connect-service-protocol (removed in consul-k8s 0.24.0), connect-sync-period (removed with the consul-sidecar) and connect-service-tags (replaced by service-tags) are ignored by current consul-k8s. Copied from old tutorials, they make readers believe the service's protocol or tags are set when they are not.",
        Remediation: "Remove the annotation: set the protocol in a ServiceDefaults, and tags with consul.hashicorp.com/service-tags.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        Tags: ["deprecated", "injection"]);

    private static readonly (string Key, string Instead)[] Removed =
    [
        (ConsulInjection.Prefix + "connect-service-protocol", "set the protocol in a ServiceDefaults"),
        (ConsulInjection.Prefix + "connect-sync-period", "remove it"),
        (ConsulInjection.Prefix + "connect-service-tags", "use consul.hashicorp.com/service-tags"),
    ];

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var workload in context.Index.OfType<Workload>())
        {
            foreach (var (key, instead) in Removed)
            {
                if (workload.Template.Annotations.KeyOf(key) is { } at)
                {
                    yield return RuleContext.Report(Rule, workload, at.Span,
                        $"{workload.Kind} {workload.Name} sets {key}, which consul-k8s no longer reads ({instead}).");
                }
            }
        }
    }
}
