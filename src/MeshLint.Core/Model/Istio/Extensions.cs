using System.Collections.Immutable;

namespace MeshLint.Core.Model.Istio;

/// <summary>One <c>accessLogging</c> entry of a Telemetry resource.</summary>
public sealed record TelemetryAccessLogging(
    ImmutableArray<Located<string>> Providers,
    Located<bool>? Disabled,
    MappingNode? Filter,
    MappingNode? Match,
    SourceSpan Span);

/// <summary>One <c>tracing</c> entry of a Telemetry resource.</summary>
public sealed record TelemetryTracing(
    ImmutableArray<Located<string>> Providers,
    Located<bool>? DisableSpanReporting,
    Located<string>? RandomSamplingPercentage,
    SourceSpan Span);

/// <summary>A Telemetry resource (telemetry.istio.io): access logging, tracing and metrics for its scope.</summary>
public sealed record Telemetry(
    ObjectHeader Header,
    WorkloadSelector? Selector,
    ImmutableArray<PolicyTargetRef> TargetRefs,
    ImmutableArray<TelemetryAccessLogging> AccessLogging,
    ImmutableArray<TelemetryTracing> Tracing,
    SequenceNode? Metrics) : MeshObject(Header);

/// <summary>One <c>configPatches</c> entry of an EnvoyFilter.</summary>
public sealed record EnvoyFilterPatch(
    Located<string>? ApplyTo,
    Located<string>? Operation,
    Located<string>? Context,
    Located<string>? ProxyVersion,
    MappingNode? Match,
    SourceSpan Span);

public sealed record EnvoyFilter(
    ObjectHeader Header,
    WorkloadSelector? WorkloadSelector,
    ImmutableArray<PolicyTargetRef> TargetRefs,
    Located<long>? Priority,
    ImmutableArray<EnvoyFilterPatch> ConfigPatches) : MeshObject(Header);

public sealed record WasmPlugin(
    ObjectHeader Header,
    WorkloadSelector? Selector,
    ImmutableArray<PolicyTargetRef> TargetRefs,
    Located<string>? Url,
    Located<string>? Phase) : MeshObject(Header);

/// <summary>A ProxyConfig (networking.istio.io): proxy settings for the workloads it selects.</summary>
public sealed record ProxyConfig(ObjectHeader Header, WorkloadSelector? Selector) : MeshObject(Header);

/// <summary>A non-Kubernetes endpoint (a VM) with the labels ServiceEntry selectors match.</summary>
public sealed record WorkloadEntry(
    ObjectHeader Header,
    Located<string>? Address,
    LabelSet EndpointLabels,
    Located<string>? ServiceAccount,
    Located<string>? Network) : MeshObject(Header);

/// <summary>The template VMs use to register themselves as WorkloadEntries (<c>spec.metadata.labels</c>).</summary>
public sealed record WorkloadGroup(ObjectHeader Header, LabelSet TemplateLabels) : MeshObject(Header);
