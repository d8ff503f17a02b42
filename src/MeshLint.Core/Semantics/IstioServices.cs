using MeshLint.Core.Index;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics;

/// <summary>Which Kubernetes Services Istio's protocol and port checks concern.</summary>
public static class IstioServices
{
    /// <summary>
    /// Services the mesh does not manage: in a namespace with injection explicitly disabled, generated for a
    /// Gateway API gateway or waypoint, or belonging to the control plane.
    /// </summary>
    public static bool IsOutsideMesh(Service service, MeshIndex index)
    {
        if (IstioInjection.NamespaceState(index.Namespace(service.Namespace ?? "default")) == InjectionState.Disabled)
        {
            return true;
        }

        if (service.Labels.ContainsKey("gateway.istio.io/managed"))
        {
            return true;
        }

        return service.Namespace == index.Settings.IstioRootNamespace && service.Name.StartsWith("istiod", StringComparison.Ordinal);
    }

    /// <summary>
    /// True when the files put the Service in Istio's hands: its namespace is injected (or ambient), a workload it
    /// selects is in the mesh, or an Istio VirtualService or DestinationRule names its host. Other meshes' Services
    /// and plain Kubernetes ones are not Istio's to judge.
    /// </summary>
    public static bool IsInIstioMesh(Service service, MeshIndex index)
    {
        if (IsOutsideMesh(service, index))
        {
            return false;
        }

        var ns = service.Namespace ?? "default";
        if (IstioInjection.NamespaceState(index.Namespace(ns)) == InjectionState.Enabled)
        {
            return true;
        }

        if (service.Selector is { IsEmpty: false } selector && index.WorkloadsSelectedBy(ns, selector).Any(w => IstioInjection.IsInMesh(w, index)))
        {
            return true;
        }

        var fqdn = Hosts.ServiceFqdn(service.Name, ns, index.Settings.ClusterDomain);
        return !index.VirtualServicesByHost(fqdn).IsEmpty || !index.DestinationRulesByHost(fqdn).IsEmpty;
    }
}
