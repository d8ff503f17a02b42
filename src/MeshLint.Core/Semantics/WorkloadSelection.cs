using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics;

/// <summary>
/// Which workloads a selector-based Istio resource (Sidecar, Telemetry, EnvoyFilter, WasmPlugin, ProxyConfig) selects:
/// pods of its own namespace whose labels match; in the root namespace, pods of every namespace.
/// </summary>
public static class WorkloadSelection
{
    public static IEnumerable<Workload> Selected(WorkloadSelector selector, string ns, MeshIndex index) =>
        ns == index.Settings.IstioRootNamespace
            ? index.OfType<Workload>().Where(w => selector.Labels.IsSubsetOf(w.Template.Labels))
            : index.WorkloadsSelectedBy(ns, selector.Labels);

    /// <summary>True when the files hold the workloads a selector in <paramref name="ns"/> could select, so "none matches" means something.</summary>
    public static bool WorkloadsKnown(string ns, MeshIndex index) =>
        ns == index.Settings.IstioRootNamespace ? !index.OfType<Workload>().IsEmpty : !index.WorkloadsIn(ns).IsEmpty;

    /// <summary>The selector of the selector-based Istio kinds, or null for kinds without one.</summary>
    public static WorkloadSelector? SelectorOf(MeshObject obj) => obj switch
    {
        Sidecar sidecar => sidecar.WorkloadSelector,
        Telemetry telemetry => telemetry.Selector,
        EnvoyFilter filter => filter.WorkloadSelector,
        WasmPlugin plugin => plugin.Selector,
        ProxyConfig config => config.Selector,
        _ => null,
    };

    /// <summary>Pods in ambient mode: in a namespace labelled for ambient, unless the pod opts out, or labelled so itself.</summary>
    public static bool IsAmbient(Workload workload, MeshIndex index)
    {
        var podMode = workload.Template.Labels[IstioInjection.DataplaneModeLabel];
        if (podMode is not null)
        {
            return podMode == "ambient";
        }

        return IsAmbientNamespace(workload.Namespace ?? "default", index);
    }

    public static bool IsAmbientNamespace(string ns, MeshIndex index) => index.Namespace(ns)?.Labels[IstioInjection.DataplaneModeLabel] == "ambient";
}
