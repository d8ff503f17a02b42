using System.Collections.Immutable;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Loading.Mapping;

internal static class KubernetesMappers
{
    public static void Register(Dictionary<(string, string), KindMapper> table)
    {
        table[(string.Empty, "Namespace")] = (h, _) => new Namespace(h);
        table[(string.Empty, "ServiceAccount")] = (h, _) => new ServiceAccount(h);
        table[(string.Empty, "Service")] = MapService;
        table[(string.Empty, "Secret")] = MapSecret;
        table[(string.Empty, "ConfigMap")] = MapConfigMap;
        table[(string.Empty, "Pod")] = MapPod;
        foreach (var kind in new[] { "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet" })
        {
            table[("apps", kind)] = MapTemplated;
        }

        table[("batch", "Job")] = MapTemplated;
        table[("batch", "CronJob")] = MapCronJob;
        table[("argoproj.io", "Rollout")] = MapTemplated;
    }

    private static ConfigMap MapConfigMap(ObjectHeader h, MapView root)
    {
        // Istio reads its mesh config from the `mesh` key of the `istio` ConfigMap (`istio-<revision>` per revision).
        var isMeshConfig = h.Name.Value == "istio" || h.Name.Value.StartsWith("istio-", StringComparison.Ordinal);
        if (isMeshConfig && root.Node["data"] is MappingNode data && data.KeyNode("mesh") is { } key && data["mesh"] is ScalarNode value)
        {
            return new ConfigMap(h) { MeshConfig = EmbeddedYaml.ParseMapping(key, value) };
        }

        return new ConfigMap(h);
    }

    private static Service MapService(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var ports = ImmutableArray.CreateBuilder<ServicePort>();
        if (spec is { } s)
        {
            foreach (var p in s.Maps("ports"))
            {
                ports.Add(new ServicePort(p.Str("name"), p.Int("port"), p.IntOrString("targetPort"), p.Str("protocol"), p.Str("appProtocol"), p.Span));
            }
        }

        return new Service(h, spec?.Labels("selector"), ports.ToImmutable(), spec?.Str("type"));
    }

    /// <summary>The annotation kubectl apply writes: the whole object as JSON, a Secret's values included.</summary>
    internal const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>
    /// Only key names are kept; the header's tree is replaced so no value can reach a report. The last-applied
    /// annotation repeats the values, so its value is replaced too (rules still see that it is there).
    /// </summary>
    private static Secret MapSecret(ObjectHeader h, MapView root)
    {
        var keys = ImmutableArray.CreateBuilder<string>();
        foreach (var field in new[] { "data", "stringData" })
        {
            if (root.Node[field] is MappingNode data)
            {
                keys.AddRange(data.Entries.Select(e => e.Key.Value));
            }
        }

        var entries = ImmutableArray.CreateBuilder<KeyValuePair<ScalarNode, Node>>(root.Node.Entries.Length);
        foreach (var entry in root.Node.Entries)
        {
            switch (entry.Key.Value)
            {
                case "data" or "stringData":
                    continue;
                case "metadata" when entry.Value is MappingNode metadata:
                    entries.Add(new(entry.Key, RedactLastApplied(metadata)));
                    break;
                default:
                    entries.Add(entry);
                    break;
            }
        }

        var annotations = new LabelSet(
            h.Annotations.Entries.Select(e => e.Key.Value == LastAppliedAnnotation ? new(e.Key, e.Value with { Value = Redacted }) : e).ToImmutableArray(),
            h.Annotations.Span);
        return new Secret(h with { Root = new MappingNode(entries.ToImmutable(), root.Node.Span), Annotations = annotations }, keys.ToImmutable(), root.Str("type")?.Value);
    }

    private const string Redacted = "(redacted)";

    private static MappingNode RedactLastApplied(MappingNode metadata)
    {
        if (metadata["annotations"] is not MappingNode annotations || annotations[LastAppliedAnnotation] is null)
        {
            return metadata;
        }

        var redactedAnnotations = new MappingNode(
            annotations.Entries.Select(e => e.Key.Value == LastAppliedAnnotation
                ? new KeyValuePair<ScalarNode, Node>(e.Key, new ScalarNode(Redacted, ScalarStyle.Quoted, e.Value.Span))
                : e).ToImmutableArray(),
            annotations.Span);
        return new MappingNode(
            metadata.Entries.Select(e => e.Key.Value == "annotations" ? new KeyValuePair<ScalarNode, Node>(e.Key, redactedAnnotations) : e).ToImmutableArray(),
            metadata.Span);
    }

    private static MeshObject MapPod(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        var template = ReadPod(h.Labels, h.Annotations, h.MetadataSpan, spec, root.Span) with
        {
            SpecSpan = spec is null ? null : root.KeySpan("spec"),
        };

        // A pod its controller created is an instance of the controller's template, not a workload of its own.
        var controller = root.Map("metadata")?.Maps("ownerReferences")
            .Where(o => o.Bool("controller")?.Value == true && o.Str("kind") is not null && o.Str("name") is not null)
            .Select(o => (MapView?)o)
            .FirstOrDefault();
        return controller is { } owner
            ? new Pod(h, template, new ObjectRef(owner.Str("kind")!.Value.Value, h.Namespace, owner.Str("name")!.Value.Value))
            : new Workload(h, null, template);
    }

    private static Workload MapTemplated(ObjectHeader h, MapView root)
    {
        var spec = root.Map("spec");
        return new Workload(h, ReadSelector(spec, "selector"), ReadTemplate(spec, root.Span));
    }

    private static Workload MapCronJob(ObjectHeader h, MapView root)
    {
        var jobSpec = root.Map("spec")?.Map("jobTemplate")?.Map("spec");
        return new Workload(h, ReadSelector(jobSpec, "selector"), ReadTemplate(jobSpec, root.Span));
    }

    internal static LabelSelector? ReadSelector(MapView? spec, string key)
    {
        var selector = spec?.Map(key);
        if (selector is not { } s)
        {
            return null;
        }

        var expressions = s.Maps("matchExpressions")
            .Select(e => e.Str("key") is { } k && e.Str("operator") is { } op ? new SelectorRequirement(k, op, e.Strings("values")) : null)
            .OfType<SelectorRequirement>()
            .ToImmutableArray();
        return new LabelSelector(s.Labels("matchLabels") ?? LabelSet.Empty, expressions, spec!.Value.KeySpan(key));
    }

    private static PodTemplate ReadTemplate(MapView? spec, SourceSpan fallback)
    {
        var template = spec?.Map("template");
        var metadata = template?.Map("metadata");
        return ReadPod(
            metadata?.Labels("labels") ?? LabelSet.Empty,
            metadata?.Labels("annotations") ?? LabelSet.Empty,
            template?.KeySpan("metadata") ?? spec?.KeySpan("template") ?? fallback,
            template?.Map("spec"),
            template?.Span ?? fallback) with
        {
            SpecSpan = template?.Raw("spec") is null ? null : template.Value.KeySpan("spec"),
        };
    }

    private static PodTemplate ReadPod(LabelSet labels, LabelSet annotations, SourceSpan metadataSpan, MapView? podSpec, SourceSpan span) =>
        new(
            labels,
            annotations,
            podSpec?.Str("serviceAccountName") ?? podSpec?.Str("serviceAccount"),
            podSpec?.Bool("hostNetwork"),
            ReadContainers(podSpec, "containers"),
            ReadContainers(podSpec, "initContainers"),
            metadataSpan,
            span)
        {
            RunAsUser = podSpec?.Map("securityContext")?.Int("runAsUser"),
        };

    private static ImmutableArray<Container> ReadContainers(MapView? podSpec, string key)
    {
        if (podSpec is not { } spec)
        {
            return ImmutableArray<Container>.Empty;
        }

        return spec.Maps(key)
            .Select(c => new Container(
                c.Str("name"),
                c.Str("image"),
                c.Maps("ports").Select(p => new ContainerPort(p.Str("name"), p.Int("containerPort"), p.Str("protocol"), p.Span)).ToImmutableArray(),
                c.Span)
            {
                RunAsUser = c.Map("securityContext")?.Int("runAsUser"),
                Probes = ReadProbes(c),
                CommandLine = c.Strings("command").AddRange(c.Strings("args")),
                Environment = c.Maps("env")
                    .Select(e => e.Str("name") is { } name && e.Str("value") is { } value ? new KeyValuePair<string, Located<string>>(name.Value, value) : default)
                    .Where(e => e.Key is not null)
                    .ToImmutableArray(),
            })
            .ToImmutableArray();
    }

    private static ImmutableArray<ContainerProbe> ReadProbes(MapView container)
    {
        var probes = ImmutableArray.CreateBuilder<ContainerProbe>();
        foreach (var type in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            if (container.Map(type) is not { } probe)
            {
                continue;
            }

            var httpGet = probe.Map("httpGet");
            probes.Add(new ContainerProbe(type, httpGet is not null, httpGet?.Str("path"), httpGet?.IntOrString("port"), probe.Span));
        }

        return probes.ToImmutable();
    }
}
