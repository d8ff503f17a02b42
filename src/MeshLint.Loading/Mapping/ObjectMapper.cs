using System.Collections.Frozen;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;

namespace MeshLint.Loading.Mapping;

/// <summary>Maps a parsed object of a given API group and kind to its typed record.</summary>
internal delegate MeshObject KindMapper(ObjectHeader header, MapView root);

/// <summary>
/// Turns one document's tree into model objects: reads the header every object has, then hands the rest to the
/// mapper registered for the object's API group and kind. Unknown kinds are kept as <see cref="GenericObject"/>.
/// </summary>
public static class ObjectMapper
{
    private static readonly FrozenDictionary<(string Group, string Kind), KindMapper> Mappers = BuildRegistry();

    /// <summary>Kinds that have no namespace, so their identity is <c>Kind/name</c>.</summary>
    private static readonly FrozenSet<string> ClusterScopedKinds = new[]
    {
        "Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
        "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding", "StorageClass", "PriorityClass", "IngressClass", "GatewayClass",
        "APIService", "RuntimeClass", "GatewayClassConfig", "CSIDriver", "VolumeAttachment", "ClusterIssuer", "IstioOperator_",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static FrozenDictionary<(string, string), KindMapper> BuildRegistry()
    {
        var table = new Dictionary<(string, string), KindMapper>();
        KubernetesMappers.Register(table);
        IstioMappers.Register(table);
        IstioExtensionMappers.Register(table);
        ConsulMappers.Register(table);
        GatewayApiMappers.Register(table);
        LinkerdMappers.Register(table);
        HelmMappers.Register(table);
        return table.ToFrozenDictionary();
    }

    public static bool IsClusterScoped(string kind) => ClusterScopedKinds.Contains(kind);

    /// <summary>
    /// Maps one document root. Returns false, adding nothing, when the document is not a Kubernetes object
    /// (no apiVersion or no kind): such files are not ours to judge.
    /// </summary>
    public static bool TryMap(Node root, ObjectOrigin origin, ICollection<MeshObject> objects, ICollection<Finding> diagnostics)
    {
        if (root is not MappingNode map)
        {
            return false;
        }

        if (map["apiVersion"] is null || map["kind"] is null)
        {
            // Not a Kubernetes object; a mesh chart's values file is still worth reading.
            if (map["apiVersion"] is null && map["kind"] is null && HelmMappers.TryRecognize(map, origin) is { } values)
            {
                objects.Add(values);
                return true;
            }

            return false;
        }

        var diag = new MappingDiagnostics();
        var view = new MapView(map, string.Empty, diag);
        var apiVersion = view.Str("apiVersion");
        var kind = view.Str("kind");
        if (apiVersion is null || kind is null)
        {
            Flush(diag, diagnostics);
            return true;
        }

        // A List carries its objects in items; each maps as if it were its own document.
        if (kind.Value.Value == "List" || (kind.Value.Value.EndsWith("List", StringComparison.Ordinal) && map["items"] is SequenceNode && map["spec"] is null))
        {
            var index = 0;
            foreach (var item in view.Maps("items"))
            {
                TryMap(item.Node, origin with { ListItemIndex = index++ }, objects, diagnostics);
            }

            Flush(diag, diagnostics);
            return true;
        }

        var metadata = view.Map("metadata");
        var name = metadata?.Str("name") ?? metadata?.Str("generateName");
        if (metadata is null || name is null || name.Value.Value.Length == 0)
        {
            var at = metadata?.KeySpan("name") is { } s && metadata.Value.Raw("name") is not null ? s : map.KeySpanOr("metadata");
            diag.Add(new Finding(ToolRules.InvalidObject.Id, ToolRules.InvalidObject.DefaultSeverity,
                $"{kind.Value.Value} has no metadata.name, so it cannot be applied or checked.", metadata is null ? kind.Value.Span : at, null));
            Flush(diag, diagnostics);
            return true;
        }

        var declaredNamespace = metadata.Value.Str("namespace");
        var clusterScoped = IsClusterScoped(kind.Value.Value);
        var ns = clusterScoped ? null : declaredNamespace is { Value.Length: > 0 } d ? d.Value : "default";
        var header = new ObjectHeader(
            apiVersion.Value,
            kind.Value,
            name.Value,
            declaredNamespace,
            ns,
            metadata.Value.Labels("labels") ?? LabelSet.Empty,
            metadata.Value.Labels("annotations") ?? LabelSet.Empty,
            map.KeySpanOr("metadata"),
            map,
            origin);
        diag.Object = new ObjectRef(kind.Value.Value, ns, name.Value.Value);

        MeshObject obj;
        if (Mappers.TryGetValue((header.Group, header.Kind.Value), out var mapper))
        {
            obj = mapper(header, view);
        }
        else
        {
            obj = new GenericObject(header);
        }

        objects.Add(obj);
        Flush(diag, diagnostics);
        return true;
    }

    private static void Flush(MappingDiagnostics diag, ICollection<Finding> diagnostics)
    {
        foreach (var finding in diag.Findings)
        {
            diagnostics.Add(finding);
        }
    }
}
