using System.Collections.Frozen;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;

namespace MeshLint.Loading.Mapping;

/// <summary>What a document turned out to be.</summary>
public enum MapOutcome
{
    /// <summary>Not a Kubernetes object (a list, a value, a map without apiVersion and kind): not ours to judge alone.</summary>
    NotAnObject,

    /// <summary>A Kubernetes object (mapped, or reported as broken).</summary>
    Object,

    /// <summary>A tool's configuration that is never applied to a cluster (a Kustomization, a kubeconfig).</summary>
    ToolConfiguration,
}

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

    /// <summary>API groups of files that use apiVersion/kind but configure a tool, never a cluster.</summary>
    private static readonly FrozenSet<string> ToolConfigurationGroups = new[]
    {
        "kustomize.config.k8s.io", "kind.x-k8s.io", "skaffold", "kpt.dev", "fn.kpt.dev", "config.kubernetes.io", "ctlptl.dev", "k3d.io",
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
    /// Maps one document root. A map with neither apiVersion nor kind, a list or a value adds nothing: such files
    /// are not ours to judge (whether a stray document in a manifest stream is reported is the caller's call).
    /// </summary>
    public static MapOutcome TryMap(Node root, ObjectOrigin origin, ICollection<MeshObject> objects, ICollection<Finding> diagnostics)
    {
        if (root is not MappingNode map)
        {
            return MapOutcome.NotAnObject;
        }

        var apiVersionNode = map["apiVersion"];
        var kindNode = map["kind"];
        if (apiVersionNode is null || kindNode is null)
        {
            // Not a Kubernetes object; a mesh chart's values file is still worth reading.
            if (apiVersionNode is null && kindNode is null && HelmMappers.TryRecognize(map, origin) is { } values)
            {
                objects.Add(values);
                return MapOutcome.Object;
            }

            if (map["metadata"] is MappingNode partialMetadata && ((apiVersionNode ?? kindNode) is not null || partialMetadata["name"] is ScalarNode))
            {
                // metadata with a name, or with one of apiVersion/kind: an object with its identity half written.
                var missing = apiVersionNode is null && kindNode is null ? "apiVersion and kind" : apiVersionNode is null ? "apiVersion" : "kind";
                var anchor = kindNode is not null ? map.KeySpanOr("kind") : apiVersionNode is not null ? map.KeySpanOr("apiVersion") : map.KeySpanOr("metadata");
                diagnostics.Add(new Finding(ToolRules.NotAnObject.Id, ToolRules.NotAnObject.DefaultSeverity,
                    $"The object has metadata but no {missing}, so it cannot be applied or checked.", anchor, null));
                return MapOutcome.Object;
            }

            return MapOutcome.NotAnObject;
        }

        var diag = new MappingDiagnostics();
        var view = new MapView(map, string.Empty, diag);
        var apiVersion = view.Str("apiVersion");
        var kind = view.Str("kind");
        if (apiVersion is null || kind is null)
        {
            Flush(diag, diagnostics);
            return MapOutcome.Object;
        }

        var slash = apiVersion.Value.Value.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? string.Empty : apiVersion.Value.Value[..slash];
        if (ToolConfigurationGroups.Contains(group) || (group.Length == 0 && kind.Value.Value == "Config" && map["metadata"] is null))
        {
            return MapOutcome.ToolConfiguration;
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
            return MapOutcome.Object;
        }

        var metadata = view.Map("metadata");
        var name = metadata?.Str("name") ?? metadata?.Str("generateName");
        if (group == "install.istio.io" && kind.Value.Value == "IstioOperator" && (name is null || name.Value.Value.Length == 0))
        {
            // istioctl install -f takes an IstioOperator without metadata (Istio's own samples ship them so) and
            // records it in the cluster as "installed-state".
            name = new Located<string>("installed-state", kind.Value.Span);
        }

        if (name is null || name.Value.Value.Length == 0)
        {
            var at = metadata?.KeySpan("name") is { } s && metadata.Value.Raw("name") is not null ? s : map.KeySpanOr("metadata");
            diag.Add(new Finding(ToolRules.InvalidObject.Id, ToolRules.InvalidObject.DefaultSeverity,
                $"{kind.Value.Value} has no metadata.name, so it cannot be applied or checked.", metadata is null ? kind.Value.Span : at, null));
            Flush(diag, diagnostics);
            return MapOutcome.Object;
        }

        var declaredNamespace = metadata?.Str("namespace");
        var clusterScoped = IsClusterScoped(kind.Value.Value);
        var ns = clusterScoped ? null : declaredNamespace is { Value.Length: > 0 } d ? Names.Intern(d.Value) : "default";
        var header = new ObjectHeader(
            apiVersion.Value with { Value = Names.Intern(apiVersion.Value.Value) },
            kind.Value with { Value = Names.Intern(kind.Value.Value) },
            name.Value,
            declaredNamespace,
            ns,
            metadata?.Labels("labels") ?? LabelSet.Empty,
            metadata?.Labels("annotations") ?? LabelSet.Empty,
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
        return MapOutcome.Object;
    }

    private static void Flush(MappingDiagnostics diag, ICollection<Finding> diagnostics)
    {
        foreach (var finding in diag.Findings)
        {
            diagnostics.Add(finding);
        }
    }
}
