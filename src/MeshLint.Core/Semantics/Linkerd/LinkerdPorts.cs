using System.Globalization;
using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics.Linkerd;

/// <summary>An annotation value as it applies to a pod, and where it comes from.</summary>
public sealed record EffectiveAnnotation(string Value, SourceSpan Span, MeshObject Owner, string Source);

/// <summary>Port-level Linkerd facts of workloads and Services: skip ports, opaque ports, Service targets.</summary>
public static class LinkerdPorts
{
    /// <summary>Server-speaks-first ports (Linkerd's protocol detection docs): SMTP, MySQL, Galera, NATS, PostgreSQL, Redis, Elasticsearch, Memcached.</summary>
    public static readonly IReadOnlyDictionary<int, string> ServerSpeaksFirst = new Dictionary<int, string>
    {
        [25] = "SMTP", [587] = "SMTP", [3306] = "MySQL", [4222] = "NATS", [4444] = "Galera", [5432] = "PostgreSQL",
        [6222] = "NATS", [6379] = "Redis", [9300] = "Elasticsearch", [11211] = "Memcached",
    };

    /// <summary>A pod annotation, else its namespace's (the injector copies namespace proxy settings into pods that lack them).</summary>
    public static EffectiveAnnotation? PodAnnotation(Workload workload, MeshIndex index, string key)
    {
        if (workload.Template.Annotations.TryGet(key, out var own))
        {
            return new EffectiveAnnotation(own.Value, own.Span, workload, $"the pod template's {key}");
        }

        var ns = index.Namespace(workload.Namespace ?? "default");
        return ns is not null && ns.Annotations.TryGet(key, out var inherited)
            ? new EffectiveAnnotation(inherited.Value, inherited.Span, ns, $"namespace {ns.Name}'s {key}")
            : null;
    }

    /// <summary>The opaque-ports list that applies to a pod: its own, its namespace's, else the control plane default.</summary>
    public static (string Value, EffectiveAnnotation? Annotation, string Source) PodOpaquePorts(Workload workload, MeshIndex index)
    {
        if (PodAnnotation(workload, index, LinkerdAnnotations.OpaquePorts) is { } annotation)
        {
            return (annotation.Value, annotation, annotation.Source);
        }

        var config = LinkerdConfig.Of(index);
        return config.OpaquePorts is { } setting
            ? (setting.Value, null, $"the control plane's proxy.opaquePorts ({setting.Value})")
            : (LinkerdConfig.ChartDefaultOpaquePorts, null, "Linkerd's default opaque ports");
    }

    public static IReadOnlyDictionary<string, int> ContainerPortNumbers(PodTemplate pod)
    {
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var port in pod.Containers.Concat(pod.InitContainers).SelectMany(c => c.Ports))
        {
            if (port.Name?.Value is { Length: > 0 } name && port.Port?.Value is { } number)
            {
                ports.TryAdd(name, (int)number);
            }
        }

        return ports;
    }

    /// <summary>The container port a Service port sends to on a pod (targetPort by number or name; the port itself when absent).</summary>
    public static int? TargetPort(ServicePort port, PodTemplate pod)
    {
        if (port.TargetPort is not { } target)
        {
            return port.Port is { } p ? (int)p.Value : null;
        }

        if (int.TryParse(target.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return ContainerPortNumbers(pod).TryGetValue(target.Value, out var named) ? named : null;
    }
}
