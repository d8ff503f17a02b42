using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics;

/// <summary>How Gateway API references resolve: parents, backends, and the ReferenceGrants cross-namespace references need.</summary>
public static class GatewayApiReferences
{
    public const string IstioGroup = "networking.istio.io";

    public static KubernetesGateway? FindGateway(MeshIndex index, string ns, string name) =>
        index.InNamespace<KubernetesGateway>(ns).FirstOrDefault(g => g.Name == name);

    /// <summary>
    /// Whether a backend exists: a Service (the default kind), or, as Istio allows, a ServiceEntry by name. Null for
    /// kinds that cannot be checked from files (Istio's Hostname backends, other implementations' kinds).
    /// </summary>
    public static bool? BackendExists(MeshIndex index, BackendRef backend, string ns)
    {
        var kind = backend.KindOr("Service");
        var group = backend.GroupOrCore;
        if (kind == "Service" && group.Length == 0)
        {
            return index.Find<Service>("Service", ns, backend.Name.Value) is not null;
        }

        if (kind == "ServiceEntry" && group == IstioGroup)
        {
            return index.InNamespace<ServiceEntry>(ns).Any(e => e.Name == backend.Name.Value);
        }

        return null;
    }

    /// <summary>
    /// True when a ReferenceGrant in <paramref name="targetNamespace"/> lets objects of <paramref name="fromKind"/> in
    /// <paramref name="fromNamespace"/> reference the <paramref name="toKind"/> named <paramref name="toName"/>.
    /// </summary>
    public static bool Granted(MeshIndex index, string fromGroup, string fromKind, string fromNamespace, string toGroup, string toKind, string toName, string targetNamespace) =>
        index.OfType<ReferenceGrant>().Any(grant =>
            grant.Namespace == targetNamespace
            && grant.From.Any(f => (f.Group?.Value ?? string.Empty) == fromGroup && f.Kind?.Value == fromKind && f.Namespace?.Value == fromNamespace)
            && grant.To.Any(t => (t.Group?.Value ?? string.Empty) == toGroup && t.Kind?.Value == toKind && (t.Name is null || t.Name.Value.Value == toName)));

    /// <summary>
    /// Whether a listener accepts routes from <paramref name="routeNamespace"/> (<c>allowedRoutes.namespaces</c>).
    /// A <c>Selector</c> is evaluated against the Namespace object; when that object is not in the files, the
    /// answer is unknown and taken as yes.
    /// </summary>
    public static bool Allows(Listener listener, string gatewayNamespace, string routeNamespace, MeshIndex index) => listener.AllowedFrom switch
    {
        "All" => true,
        "Same" => gatewayNamespace == routeNamespace,
        "Selector" => index.Namespace(routeNamespace) is not { } ns || listener.AllowedNamespacesSelector is not { } selector || selector.Matches(ns.Labels),
        _ => true,
    };

    /// <summary>The listeners a parentRef attaches to: all, or those its sectionName or port names.</summary>
    public static IEnumerable<Listener> ListenersFor(KubernetesGateway gateway, ParentRef parent) =>
        gateway.Listeners.Where(l =>
            (parent.SectionName is null || l.Name?.Value == parent.SectionName.Value.Value)
            && (parent.Port is null || l.Port?.Value == parent.Port.Value.Value));

    public static string RouteGroup(MeshObject route) => route.Header.Group;
}
