using System.Collections.Immutable;

namespace MeshLint.Core.Model.Kubernetes;

public sealed record Namespace(ObjectHeader Header) : MeshObject(Header);

public sealed record ServiceAccount(ObjectHeader Header) : MeshObject(Header);

public sealed record ServicePort(
    Located<string>? Name,
    Located<long>? Port,
    Located<string>? TargetPort,
    Located<string>? Protocol,
    Located<string>? AppProtocol,
    SourceSpan Span);

public sealed record Service(
    ObjectHeader Header,
    LabelSet? Selector,
    ImmutableArray<ServicePort> Ports,
    Located<string>? Type) : MeshObject(Header)
{
    public string ServiceType => Type?.Value ?? "ClusterIP";
}

public sealed record ContainerPort(Located<string>? Name, Located<long>? Port, Located<string>? Protocol, SourceSpan Span);

/// <summary>A liveness, readiness or startup probe: the HTTP GET path and port (name or number) when it is one.</summary>
public sealed record ContainerProbe(string Type, bool IsHttpGet, Located<string>? Path, Located<string>? Port, SourceSpan Span);

public sealed record Container(Located<string>? Name, Located<string>? Image, ImmutableArray<ContainerPort> Ports, SourceSpan Span)
{
    /// <summary><c>securityContext.runAsUser</c> of this container, when set.</summary>
    public Located<long>? RunAsUser { get; init; }

    /// <summary>The container's liveness, readiness and startup probes.</summary>
    public ImmutableArray<ContainerProbe> Probes { get; init; } = ImmutableArray<ContainerProbe>.Empty;

    public ImmutableArray<ContainerProbe> AllProbes => Probes.IsDefault ? ImmutableArray<ContainerProbe>.Empty : Probes;

    /// <summary><c>command</c> and then <c>args</c>, each item with its span.</summary>
    public ImmutableArray<Located<string>> CommandLine { get; init; } = ImmutableArray<Located<string>>.Empty;

    /// <summary>Literal <c>env[].value</c> entries (name, value); values from references are not known statically.</summary>
    public ImmutableArray<KeyValuePair<string, Located<string>>> Environment { get; init; } = ImmutableArray<KeyValuePair<string, Located<string>>>.Empty;
}

/// <summary>The pod a workload runs: its template's metadata and spec (or the Pod itself).</summary>
public sealed record PodTemplate(
    LabelSet Labels,
    LabelSet Annotations,
    Located<string>? ServiceAccountName,
    Located<bool>? HostNetwork,
    ImmutableArray<Container> Containers,
    ImmutableArray<Container> InitContainers,
    SourceSpan MetadataSpan,
    SourceSpan Span)
{
    /// <summary>The service account the pod runs as (<c>default</c> when none is named).</summary>
    public string ServiceAccount => ServiceAccountName?.Value ?? "default";

    /// <summary>The pod-level <c>securityContext.runAsUser</c>, when set.</summary>
    public Located<long>? RunAsUser { get; init; }

    /// <summary>The pod spec's <c>spec:</c> key, where a finding about a missing pod field is anchored (null when absent).</summary>
    public SourceSpan? SpecSpan { get; init; }
}

/// <summary>Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Job, CronJob (and Argo Rollout): anything that runs pods.</summary>
public sealed record Workload(ObjectHeader Header, LabelSelector? Selector, PodTemplate Template) : MeshObject(Header);
