using System.Collections.Frozen;
using MeshLint.Core.Model;

namespace MeshLint.Loading.Mapping;

/// <summary>
/// Mesh Helm values: Flux HelmReleases (a Kubernetes kind) and plain values files, which have no apiVersion or
/// kind and are recognised by keys only the mesh's chart uses.
/// </summary>
internal static class HelmMappers
{
    public const string LinkerdChart = "linkerd-control-plane";
    public const string ConsulChart = "consul";

    /// <summary>Top-level keys of the linkerd-control-plane chart that no other common chart uses.</summary>
    private static readonly FrozenSet<string> LinkerdKeys = new[]
    {
        "identityTrustDomain", "identityTrustAnchorsPEM", "proxyInit", "proxyInjector", "policyController",
        "linkerdVersion", "controllerImage", "clusterNetworks", "profileValidator", "enablePodAntiAffinity",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Top-level keys of the consul chart (besides <c>global</c>).</summary>
    private static readonly FrozenSet<string> ConsulKeys = new[]
    {
        "connectInject", "syncCatalog", "meshGateway", "ingressGateways", "terminatingGateways", "apiGateway",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static void Register(Dictionary<(string, string), KindMapper> table)
    {
        table[("helm.toolkit.fluxcd.io", "HelmRelease")] = MapHelmRelease;
    }

    private static HelmRelease MapHelmRelease(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var chart = spec?.Map("chart")?.Map("spec")?.Str("chart") ?? spec?.Map("chartRef")?.Str("name");
        return new HelmRelease(h, chart, spec?.Raw("values") as MappingNode);
    }

    /// <summary>A values document of a mesh chart, or null when the document is something else.</summary>
    public static HelmValues? TryRecognize(MappingNode map, ObjectOrigin origin)
    {
        // An umbrella chart nests the control-plane values under the subchart's name.
        if (map[LinkerdChart] is MappingNode nested && nested.Entries.Any(e => LinkerdKeys.Contains(e.Key.Value) || e.Key.Value == "proxy"))
        {
            return Create(map, nested, origin, LinkerdChart);
        }

        if (map.Entries.Any(e => LinkerdKeys.Contains(e.Key.Value)) ||
            (map["proxy"] is MappingNode proxy && proxy["defaultInboundPolicy"] is not null))
        {
            return Create(map, map, origin, LinkerdChart);
        }

        if (map.Entries.Any(e => ConsulKeys.Contains(e.Key.Value)) ||
            (map["global"] is MappingNode global && (global["acls"] is not null || global["gossipEncryption"] is not null || global["datacenter"] is not null)))
        {
            return Create(map, map, origin, ConsulChart);
        }

        return null;
    }

    private static HelmValues Create(MappingNode document, MappingNode values, ObjectOrigin origin, string chart)
    {
        var anchor = document.Entries.Length > 0 ? document.Entries[0].Key.Span : document.Span;
        var fileName = Path.GetFileName(origin.File);
        var name = origin.DocumentIndex > 0 ? $"{fileName}#{origin.DocumentIndex}" : fileName;
        var header = new ObjectHeader(
            new Located<string>(string.Empty, anchor),
            new Located<string>(HelmValues.KindName, anchor),
            new Located<string>(name.Length > 0 ? name : "values", anchor),
            null,
            null,
            LabelSet.Empty,
            LabelSet.Empty,
            anchor,
            document,
            origin);
        return new HelmValues(header, chart, values);
    }
}
