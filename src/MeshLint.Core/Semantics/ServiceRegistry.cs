using System.Collections.Immutable;
using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics;

/// <summary>A host in Istio's service registry: a Kubernetes Service or a ServiceEntry, with the port numbers it declares.</summary>
public sealed record RegistryService(MeshObject Source, string Host, ImmutableArray<long> Ports);

/// <summary>
/// What a host names in Istio's service registry, as seen from a namespace: Kubernetes Services (by FQDN) and
/// ServiceEntry hosts (exact or wildcard), each only where its <c>exportTo</c> makes it visible.
/// </summary>
public static class ServiceRegistry
{
    public const string ServiceExportToAnnotation = "networking.istio.io/exportTo";

    /// <summary>
    /// Istio's <c>exportTo</c>: empty or <c>*</c> is every namespace, <c>.</c> the object's own, <c>~</c> none,
    /// anything else a namespace name.
    /// </summary>
    public static bool IsExportedTo(IEnumerable<string> exportTo, string ownNamespace, string toNamespace)
    {
        var any = false;
        foreach (var entry in exportTo)
        {
            any = true;
            if (entry == "*" || (entry == "." && ownNamespace == toNamespace) || entry == toNamespace)
            {
                return true;
            }
        }

        return !any;
    }

    public static bool IsVisible(MeshObject source, string fromNamespace)
    {
        var own = source.Namespace ?? "default";
        return source switch
        {
            ServiceEntry entry => IsExportedTo(entry.ExportTo.Select(e => e.Value), own, fromNamespace),
            Service service => IsExportedTo(ServiceExportTo(service), own, fromNamespace),
            _ => true,
        };
    }

    private static IEnumerable<string> ServiceExportTo(Service service) =>
        service.Annotations[ServiceExportToAnnotation] is { } value
            ? value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];

    /// <summary>
    /// Every registry entry that answers to <paramref name="fqdn"/> and is visible from <paramref name="fromNamespace"/>
    /// (from anywhere when it is null).
    /// </summary>
    public static IEnumerable<RegistryService> Lookup(MeshIndex index, string fqdn, string? fromNamespace)
    {
        foreach (var service in index.ServicesByHost(fqdn))
        {
            if (fromNamespace is null || IsVisible(service, fromNamespace))
            {
                yield return new RegistryService(service, fqdn, service.Ports.Where(p => p.Port is not null).Select(p => p.Port!.Value.Value).ToImmutableArray());
            }
        }

        foreach (var entry in index.OfType<ServiceEntry>())
        {
            var host = entry.Hosts.FirstOrDefault(h => Hosts.Matches(h.Value, fqdn));
            if (host.Value is null || (fromNamespace is not null && !IsVisible(entry, fromNamespace)))
            {
                continue;
            }

            yield return new RegistryService(entry, host.Value, entry.Ports.Where(p => p.Number is not null).Select(p => p.Number!.Value.Value).ToImmutableArray());
        }
    }

    public static bool IsKnown(MeshIndex index, string fqdn, string? fromNamespace) =>
        Lookup(index, fqdn, fromNamespace).Any() || IsControlPlaneHost(index, fqdn);

    /// <summary>
    /// True for istiod's Service (<c>istiod</c> or a revision's <c>istiod-REV</c>) in istio-system or the mesh's root
    /// namespace. Every Istio mesh has it, installed with the control plane rather than with the configuration that
    /// routes to it (multicluster and VM setups expose it through a gateway), so it is not missing when a repo lacks it.
    /// </summary>
    public static bool IsControlPlaneHost(MeshIndex index, string fqdn)
    {
        var domain = index.Settings.ClusterDomain;
        foreach (var ns in new[] { IstioMeshConfig.DefaultRootNamespace, index.Settings.IstioRootNamespace })
        {
            var suffix = $".{ns}.svc.{domain}";
            if (fqdn.EndsWith(suffix, StringComparison.Ordinal))
            {
                var name = fqdn[..^suffix.Length];
                return name == "istiod" || (name.StartsWith("istiod-", StringComparison.Ordinal) && !name.Contains('.', StringComparison.Ordinal));
            }
        }

        return false;
    }
}
