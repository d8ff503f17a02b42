using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class ServiceAccountMismatch : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3027",
        Name: "ServiceAccountMismatch",
        Mesh: Mesh.Consul,
        Category: Category.Configuration,
        Title: "Meshed pod's ServiceAccount differs from its Consul service name",
        Description: "With ACLs (global.acls.manageSystemACLs: true) a meshed pod logs in to Consul with its ServiceAccount token, and connect-init requires the ServiceAccount name to equal the Consul service name (the connect-service annotation, else the Kubernetes Service name). Otherwise the pod never registers (\"service account name ... doesn't match\") and crash-loops. Without ACLs it works, which is how the mismatch survives until ACLs are turned on. Reported as an error when the Helm values in view enable ACLs, and not at all when they disable them.",
        Remediation: "Create a ServiceAccount named like the Consul service and set serviceAccountName to it.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "Service", "HelmValues", "HelmRelease"],
        Tags: ["acl", "injection"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var acls = index.Consul.Settings.AclsEnabled;
        if (acls is { Stated: true, Value: false })
        {
            yield break;
        }

        foreach (var workload in index.OfType<Workload>())
        {
            var pod = workload.Template;
            if (ConsulInjection.IsMultiPort(pod) || !ConsulInjection.IsMeshed(workload, index))
            {
                continue;
            }

            var names = ConsulInjection.ConsulServiceNames(workload, index);
            if (names.Length != 1 || names[0] == pod.ServiceAccount)
            {
                continue;
            }

            var account = pod.ServiceAccountName is null ? "the default ServiceAccount (default)" : $"ServiceAccount {pod.ServiceAccount}";
            var consequence = acls.Stated
                ? "so connect-init fails to log in with ACLs enabled and the pod never starts"
                : "so connect-init fails to log in once ACLs are enabled";
            var finding = RuleContext.Report(Rule, workload, pod.ServiceAccountName?.Span ?? pod.SpecSpan ?? pod.Span,
                $"{workload.Kind} {workload.Name} registers as Consul service {names[0]} but runs as {account}, {consequence}.");
            yield return acls.Stated ? finding with { Severity = Severity.Error } : finding;
        }
    }
}
