using System.Collections.Immutable;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;

namespace MeshLint.Loading.Mapping;

/// <summary>Istio kinds beyond routing and security: Telemetry, EnvoyFilter, WasmPlugin, ProxyConfig, WorkloadEntry, WorkloadGroup.</summary>
internal static class IstioExtensionMappers
{
    private const string Networking = "networking.istio.io";

    public static void Register(Dictionary<(string, string), KindMapper> table)
    {
        table[("telemetry.istio.io", "Telemetry")] = MapTelemetry;
        table[(Networking, "EnvoyFilter")] = MapEnvoyFilter;
        table[(Networking, "ProxyConfig")] = (h, root) => new ProxyConfig(h, IstioMappers.ReadSelector(root.Map("spec"), "selector", "matchLabels"));
        table[(Networking, "WorkloadEntry")] = MapWorkloadEntry;
        table[(Networking, "WorkloadGroup")] = MapWorkloadGroup;
        table[("extensions.istio.io", "WasmPlugin")] = MapWasmPlugin;
    }

    private static Telemetry MapTelemetry(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var logging = spec?.Maps("accessLogging")
            .Select(a => new TelemetryAccessLogging(ProviderNames(a), a.Bool("disabled"), a.Map("filter")?.Node, a.Map("match")?.Node, a.Span))
            .ToImmutableArray() ?? ImmutableArray<TelemetryAccessLogging>.Empty;
        var tracing = spec?.Maps("tracing")
            .Select(t => new TelemetryTracing(ProviderNames(t), t.Bool("disableSpanReporting"), t.Str("randomSamplingPercentage"), t.Span))
            .ToImmutableArray() ?? ImmutableArray<TelemetryTracing>.Empty;
        return new Telemetry(h, IstioMappers.ReadSelector(spec, "selector", "matchLabels"), IstioMappers.ReadTargetRefs(spec), logging, tracing, spec?.Seq("metrics"));
    }

    private static ImmutableArray<Located<string>> ProviderNames(MapView entry) =>
        entry.Maps("providers").Select(p => p.Str("name")).OfType<Located<string>>().ToImmutableArray();

    private static EnvoyFilter MapEnvoyFilter(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var patches = spec?.Maps("configPatches")
            .Select(p =>
            {
                var match = p.Map("match");
                return new EnvoyFilterPatch(
                    p.Str("applyTo"),
                    p.Map("patch")?.Str("operation"),
                    match?.Str("context"),
                    match?.Map("proxy")?.Str("proxyVersion"),
                    match?.Node,
                    p.Span);
            })
            .ToImmutableArray() ?? ImmutableArray<EnvoyFilterPatch>.Empty;
        return new EnvoyFilter(h, IstioMappers.ReadSelector(spec, "workloadSelector", "labels"), IstioMappers.ReadTargetRefs(spec), spec?.Int("priority"), patches);
    }

    private static WasmPlugin MapWasmPlugin(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        return new WasmPlugin(h, IstioMappers.ReadSelector(spec, "selector", "matchLabels"), IstioMappers.ReadTargetRefs(spec), spec?.Str("url"), spec?.Str("phase"));
    }

    private static WorkloadEntry MapWorkloadEntry(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        return new WorkloadEntry(h, spec?.Str("address"), spec?.Labels("labels") ?? LabelSet.Empty, spec?.Str("serviceAccount"), spec?.Str("network"));
    }

    private static WorkloadGroup MapWorkloadGroup(ObjectHeader h, MapView root) =>
        new(h, root.Map("spec")?.Map("metadata")?.Labels("labels") ?? LabelSet.Empty);
}
