using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class TransparentProxyDisabled : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3036",
        Name: "TransparentProxyDisabled",
        Mesh: Mesh.Consul,
        Category: Category.Security,
        Title: "Meshed pod runs without transparent proxy",
        Description: "With consul.hashicorp.com/transparent-proxy: \"false\" (on the pod, as a label of its namespace, or as the Helm default) the pod's traffic is not redirected through Envoy: the application can call other services and external hosts directly, outside mTLS and intentions, and anything reaching the pod IP bypasses the sidecar unless the application listens on localhost only. Multi-port pods, which cannot use transparent proxy, are not reported.",
        Remediation: "Remove the override (transparent proxy is on by default) and exclude only the specific ports or CIDRs that must bypass the proxy.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "HelmValues", "HelmRelease"],
        SecuritySeverity: 4.0,
        Tags: ["transparent-proxy", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var reported = new HashSet<SourceSpan>();
        foreach (var workload in index.OfType<Workload>())
        {
            if (ConsulInjection.IsMultiPort(workload.Template) || !ConsulInjection.IsMeshed(workload, index)
                || ConsulInjection.TransparentProxyEnabled(workload, index, out var decidedBy) || decidedBy is not { } setting)
            {
                continue;
            }

            // A namespace label or a Helm default is one decision for many pods: report it once, where it is made.
            if (!reported.Add(setting.Span))
            {
                continue;
            }

            if (workload.Template.Annotations.TryGet(ConsulInjection.TransparentProxyKey, out var own) && own.Span == setting.Span)
            {
                yield return RuleContext.Report(Rule, workload, setting.Span,
                    $"{workload.Kind} {workload.Name} turns transparent proxy off, so its traffic can bypass Envoy, mTLS and intentions.");
            }
            else if (index.Namespace(workload.Namespace ?? "default") is { } ns && ns.Labels.TryGet(ConsulInjection.TransparentProxyKey, out var label) && label.Span == setting.Span)
            {
                yield return RuleContext.Report(Rule, ns, setting.Span,
                    $"Namespace {ns.Name} turns transparent proxy off for its meshed pods ({workload.Kind} {workload.Name}, ...), so their traffic can bypass Envoy, mTLS and intentions.");
            }
            else if (index.Consul.Settings.TransparentProxyDefault.Origin is MeshObject values)
            {
                yield return RuleContext.Report(Rule, values, setting.Span,
                    "The Consul Helm values turn transparent proxy off by default (connectInject.transparentProxy.defaultEnabled: false), so meshed pods' traffic can bypass Envoy, mTLS and intentions.");
            }
        }
    }
}
