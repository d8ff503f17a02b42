using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class InvalidConsulBoolean : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3029",
        Name: "InvalidConsulBoolean",
        Mesh: Mesh.Consul,
        Category: Category.Configuration,
        Title: "Consul annotation is not a boolean",
        Description: "consul-k8s parses its switches with Go's strconv.ParseBool: only 1, t, T, TRUE, true, True, 0, f, F, FALSE, false and False are accepted. Any other value (yes, enabled, on) makes the injection webhook fail, so the pod is not created.",
        Remediation: "Use \"true\" or \"false\".",
        DefaultSeverity: Severity.Error,
        Inputs: ["Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        Tags: ["injection"]);

    /// <summary>Pod annotations consul-k8s reads with strconv.ParseBool.</summary>
    private static readonly string[] BooleanAnnotations =
    [
        ConsulInjection.InjectKey,
        ConsulInjection.TransparentProxyKey,
        ConsulInjection.Prefix + "transparent-proxy-overwrite-probes",
        ConsulInjection.Prefix + "enable-metrics",
        ConsulInjection.Prefix + "enable-metrics-merging",
        ConsulInjection.Prefix + "use-proxy-health-check",
        ConsulInjection.Prefix + "enable-sidecar-proxy-lifecycle",
        ConsulInjection.Prefix + "enable-sidecar-proxy-lifecycle-shutdown-drain-listeners",
    ];

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var workload in context.Index.OfType<Workload>())
        {
            foreach (var key in BooleanAnnotations)
            {
                if (workload.Template.Annotations.TryGet(key, out var value) && ConsulInjection.ParseBool(value.Value) is null)
                {
                    yield return Invalid(workload, key, value, "the injection webhook fails and the pod is not created");
                }
            }
        }

        foreach (var ns in context.Index.OfType<Namespace>())
        {
            if (ns.Labels.TryGet(ConsulInjection.TransparentProxyKey, out var value) && ConsulInjection.ParseBool(value.Value) is null)
            {
                yield return Invalid(ns, ConsulInjection.TransparentProxyKey, value, "injection fails for every pod of the namespace that does not set it itself");
            }
        }
    }

    private static Finding Invalid(MeshObject obj, string key, Located<string> value, string consequence) =>
        RuleContext.Report(Rule, obj, value.Span, $"{key} on {obj.Kind} {obj.Name} is \"{value.Value}\", which is not a Go boolean, so {consequence}.");
}
