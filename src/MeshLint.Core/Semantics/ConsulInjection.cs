using System.Collections.Immutable;
using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics;

/// <summary>
/// How consul-k8s reads a pod: whether it is injected, whether transparent proxy is on, and under which Consul
/// service name(s) it registers (control-plane/connect-inject webhook, endpoints controller and connect-init).
/// </summary>
public static class ConsulInjection
{
    public const string Prefix = "consul.hashicorp.com/";
    public const string InjectKey = Prefix + "connect-inject";
    public const string TransparentProxyKey = Prefix + "transparent-proxy";
    public const string ServiceKey = Prefix + "connect-service";
    public const string ServicePortKey = Prefix + "connect-service-port";
    public const string KubernetesServiceKey = Prefix + "kubernetes-service";
    public const string ServiceIgnoreLabel = Prefix + "service-ignore";
    public const string ExcludeInboundPortsKey = Prefix + "transparent-proxy-exclude-inbound-ports";

    /// <summary>consul-k8s never injects pods in these namespaces.</summary>
    public static readonly ImmutableArray<string> SystemNamespaces = ["kube-system", "kube-public"];

    /// <summary>Go's <c>strconv.ParseBool</c>, which consul-k8s uses for every switch; null when the value does not parse.</summary>
    public static bool? ParseBool(string value) => value switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => null,
    };

    /// <summary>True when the webhook injects the pod: the annotation decides, else Helm <c>connectInject.default</c>.</summary>
    public static bool IsMeshed(Workload workload, MeshIndex index)
    {
        if (SystemNamespaces.Contains(workload.Namespace ?? "default") || workload.Template.HostNetwork?.Value == true)
        {
            return false;
        }

        if (workload.Template.Annotations.TryGet(InjectKey, out var value))
        {
            // An unparsable value makes the webhook fail: the pod is not created, so it is not in the mesh either.
            return ParseBool(value.Value) == true;
        }

        return index.Consul.Settings.ConnectInjectDefault.Value;
    }

    /// <summary>Where a meshed workload says so: its connect-inject annotation, else its pod template metadata.</summary>
    public static SourceSpan MeshedAnchor(Workload workload) =>
        workload.Template.Annotations.TryGet(InjectKey, out var value) ? value.Span : workload.Template.MetadataSpan;

    /// <summary>
    /// Whether transparent proxy is on for the pod: its annotation, else its namespace's <b>label</b>, else Helm
    /// <c>connectInject.transparentProxy.defaultEnabled</c> (true). <paramref name="decidedBy"/> is the value that decided, when in a file.
    /// </summary>
    public static bool TransparentProxyEnabled(Workload workload, MeshIndex index, out Located<string>? decidedBy)
    {
        if (workload.Template.Annotations.TryGet(TransparentProxyKey, out var annotation))
        {
            decidedBy = annotation;
            return ParseBool(annotation.Value) ?? true;
        }

        if (index.Namespace(workload.Namespace ?? "default") is { } ns && ns.Labels.TryGet(TransparentProxyKey, out var label))
        {
            decidedBy = label;
            return ParseBool(label.Value) ?? true;
        }

        decidedBy = index.Consul.Settings.TransparentProxyDefault.Source;
        return index.Consul.Settings.TransparentProxyDefault.Value;
    }

    /// <summary>The names in the <c>connect-service</c> annotation (several for a multi-port pod), empty when absent.</summary>
    public static ImmutableArray<string> AnnotatedServiceNames(PodTemplate pod) =>
        pod.Annotations[ServiceKey] is { } raw
            ? raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToImmutableArray()
            : ImmutableArray<string>.Empty;

    /// <summary>A multi-port pod registers one Consul service per name in <c>connect-service</c>.</summary>
    public static bool IsMultiPort(PodTemplate pod) => AnnotatedServiceNames(pod).Length > 1;

    /// <summary>True when a Service carries <c>consul.hashicorp.com/service-ignore: "true"</c> (a label).</summary>
    public static bool IsIgnored(Service service) =>
        service.Labels.TryGet(ServiceIgnoreLabel, out var value) && ParseBool(value.Value) == true;

    /// <summary>
    /// The Kubernetes Services whose endpoints register the pod in Consul: those selecting it, minus ignored ones, and
    /// only the one named by <c>kubernetes-service</c> when the pod sets it.
    /// </summary>
    public static ImmutableArray<Service> RegisteringServices(Workload workload, MeshIndex index)
    {
        // The same Service may be read twice (overlays, copies); Kubernetes keeps one object per identity.
        var services = index.ServicesSelecting(workload).Where(s => !IsIgnored(s)).DistinctBy(s => s.Ref);
        if (workload.Template.Annotations[KubernetesServiceKey] is { } chosen)
        {
            services = services.Where(s => string.Equals(s.Name, chosen, StringComparison.Ordinal));
        }

        return services.ToImmutableArray();
    }

    /// <summary>The Consul service name(s) of a pod: <c>connect-service</c>, else the name of each registering Service.</summary>
    public static ImmutableArray<string> ConsulServiceNames(Workload workload, MeshIndex index)
    {
        var annotated = AnnotatedServiceNames(workload.Template);
        return annotated.IsEmpty ? RegisteringServices(workload, index).Select(s => s.Name).ToImmutableArray() : annotated;
    }
}
