using System.Collections.Immutable;
using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics;

/// <summary>The state a container reports in a pod's <c>status.containerStatuses</c>.</summary>
public sealed record ContainerState(string Name, bool Ready, long RestartCount, string? WaitingReason, SourceSpan Span);

/// <summary>A pod as it runs: its spec and the status the kubelet reports. Only pods read from a cluster (or a dump of one) have a status.</summary>
public sealed record RunningPod(MeshObject Object, PodTemplate Spec, MappingNode Status)
{
    public string? Phase => Status["phase"]?.ToString();

    /// <summary>Pending or Running: the pod was admitted (so injection already happened) and has not finished.</summary>
    public bool IsActive => Phase is "Running" or "Pending";

    public IEnumerable<ContainerState> ContainerStates =>
        new[] { "initContainerStatuses", "containerStatuses" }
            .SelectMany(key => (Status[key] as SequenceNode)?.Items.OfType<MappingNode>() ?? [])
            .Select(s => new ContainerState(
                s["name"]?.ToString() ?? string.Empty,
                s["ready"]?.ToString() == "true",
                s["restartCount"] is ScalarNode count && count.TryGetInt64(out var n) ? n : 0,
                ((s["state"] as MappingNode)?["waiting"] as MappingNode)?["reason"]?.ToString(),
                s.Span));
}

/// <summary>What runs: pods with a status, and the mesh proxies in them.</summary>
public static class RunningPods
{
    public const string IstioProxy = "istio-proxy";
    public const string LinkerdProxy = "linkerd-proxy";

    /// <summary>Container names of the proxies the three meshes inject.</summary>
    public static readonly ImmutableArray<string> ProxyContainers = [IstioProxy, LinkerdProxy, "consul-dataplane", "envoy-sidecar"];

    /// <summary>Every pod (controlled or not) that carries a status, in load order.</summary>
    public static IEnumerable<RunningPod> All(MeshIndex index)
    {
        foreach (var obj in index.Objects)
        {
            var spec = obj switch
            {
                Pod pod => pod.Template,
                Workload { Kind: "Pod" } workload => workload.Template,
                _ => null,
            };
            if (spec is not null && obj.Root["status"] is MappingNode status && status["phase"] is not null)
            {
                yield return new RunningPod(obj, spec, status);
            }
        }
    }

    /// <summary>The container of that name, among the containers or the init containers (native sidecars).</summary>
    public static Container? FindContainer(PodTemplate pod, string name) =>
        pod.Containers.Concat(pod.InitContainers).FirstOrDefault(c => c.Name?.Value == name);

    /// <summary>The tag of an image reference (<c>repo/name:1.24.2@sha256:...</c> gives 1.24.2), null when it has none.</summary>
    public static string? ImageTag(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var reference = at < 0 ? image : image[..at];
        var colon = reference.LastIndexOf(':');
        return colon > reference.LastIndexOf('/') && colon >= 0 ? reference[(colon + 1)..] : null;
    }
}
