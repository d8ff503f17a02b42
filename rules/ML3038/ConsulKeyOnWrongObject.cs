using System.Collections.Frozen;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class ConsulKeyOnWrongObject : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3038",
        Name: "ConsulKeyOnWrongObject",
        Mesh: Mesh.Consul,
        Category: Category.Configuration,
        Title: "Consul key on an object that ignores it",
        Description: "consul-k8s reads each key from one place only: connect-inject and the other pod settings are annotations of the pod template; transparent-proxy and consul-dns may also be labels of the Namespace; service-ignore is a label of the Service. A key written on the Namespace, on a workload's own metadata, or as a label instead of an annotation (or the reverse) is silently ignored, so the pod is not meshed or not configured as intended.",
        Remediation: "Move the key to the object and map (labels or annotations) consul-k8s reads it from.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        Tags: ["injection"]);

    /// <summary>Pod-template annotations of consul-k8s (control-plane/connect-inject/constants/annotations_and_labels.go).</summary>
    private static readonly FrozenSet<string> PodAnnotations = new[]
    {
        "connect-inject", "connect-service", "connect-service-port", "kubernetes-service", "connect-service-upstreams",
        "service-tags", "transparent-proxy", "transparent-proxy-exclude-inbound-ports", "transparent-proxy-exclude-outbound-ports",
        "transparent-proxy-exclude-outbound-cidrs", "transparent-proxy-exclude-uids", "transparent-proxy-overwrite-probes",
        "transparent-proxy-outbound-listener-port", "consul-namespace", "consul-dns", "enable-metrics", "enable-metrics-merging",
        "merged-metrics-port", "prometheus-scrape-port", "prometheus-scrape-path", "service-metrics-port", "service-metrics-path",
        "envoy-extra-args", "use-proxy-health-check", "enable-sidecar-proxy-lifecycle", "sidecar-proxy-cpu-limit",
        "sidecar-proxy-cpu-request", "sidecar-proxy-memory-limit", "sidecar-proxy-memory-request", "proxy-config-map",
        "connect-inject-mount-volume", "consul-envoy-proxy-concurrency", "dual-stack",
    }.Select(k => ConsulInjection.Prefix + k).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Pod keys a Namespace may carry, as labels.</summary>
    private static readonly FrozenSet<string> NamespaceLabels = new[] { ConsulInjection.TransparentProxyKey, ConsulInjection.Prefix + "consul-dns" }
        .ToFrozenSet(StringComparer.Ordinal);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var ns in context.Index.OfType<Namespace>())
        {
            foreach (var (key, _) in ns.Labels.Entries.Where(e => PodAnnotations.Contains(e.Key.Value) && !NamespaceLabels.Contains(e.Key.Value)))
            {
                yield return Wrong(ns, key, $"Namespace {ns.Name} has the label {key.Value}, which consul-k8s only reads as a pod template annotation{InjectHint(key.Value)}.");
            }

            foreach (var (key, _) in ns.Annotations.Entries.Where(e => PodAnnotations.Contains(e.Key.Value)))
            {
                yield return NamespaceLabels.Contains(key.Value)
                    ? Wrong(ns, key, $"Namespace {ns.Name} has the annotation {key.Value}, which consul-k8s only reads as a Namespace label.")
                    : Wrong(ns, key, $"Namespace {ns.Name} has the annotation {key.Value}, which consul-k8s only reads as a pod template annotation{InjectHint(key.Value)}.");
            }
        }

        foreach (var service in context.Index.OfType<Service>())
        {
            if (service.Annotations.KeyOf(ConsulInjection.ServiceIgnoreLabel) is { } key)
            {
                yield return Wrong(service, key, $"Service {service.Name} has {key.Value} as an annotation, but consul-k8s reads it only as a label.");
            }
        }

        foreach (var workload in context.Index.OfType<Workload>())
        {
            if (workload.Kind != "Pod")
            {
                foreach (var (key, _) in workload.Annotations.Entries.Concat(workload.Labels.Entries).Where(e => PodAnnotations.Contains(e.Key.Value)))
                {
                    yield return Wrong(workload, key, $"{workload.Kind} {workload.Name} sets {key.Value} on its own metadata, but consul-k8s reads it only from the pod template's annotations.");
                }
            }

            foreach (var (key, _) in workload.Template.Labels.Entries.Where(e => PodAnnotations.Contains(e.Key.Value)))
            {
                yield return Wrong(workload, key, $"{workload.Kind} {workload.Name} sets {key.Value} as a pod label, but consul-k8s reads it only as an annotation.");
            }

            if (workload.Template.Annotations.KeyOf(ConsulInjection.ServiceIgnoreLabel) is { } ignore)
            {
                yield return Wrong(workload, ignore, $"{workload.Kind} {workload.Name} sets {ignore.Value} on its pods, but consul-k8s reads it only as a label of the Service.");
            }
        }
    }

    private static string InjectHint(string key) =>
        key == ConsulInjection.InjectKey ? " (choose namespaces with the Helm value connectInject.k8sAllowNamespaces)" : string.Empty;

    private static Finding Wrong(MeshObject obj, Located<string> key, string message) => RuleContext.Report(Rule, obj, key.Span, message);
}
