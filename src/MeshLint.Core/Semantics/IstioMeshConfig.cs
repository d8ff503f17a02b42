using System.Collections.Immutable;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;

namespace MeshLint.Core.Semantics;

/// <summary>One place a mesh config is written: the object and its meshConfig mapping.</summary>
public sealed record MeshConfigSource(MeshObject Object, MappingNode Config);

/// <summary>A mesh config value with where it was read.</summary>
public sealed record MeshConfigValue(Node Node, MeshConfigSource Source)
{
    public SourceSpan Span => Node.Span;

    public string? Text => (Node as ScalarNode)?.Value;
}

/// <summary>
/// Istio's mesh config as the scanned files state it: the <c>mesh</c> key of the <c>istio</c> ConfigMap (and of
/// <c>istio-&lt;revision&gt;</c> ConfigMaps), and <c>spec.meshConfig</c> of IstioOperators. Where several sources
/// set a field, the <c>istio</c> ConfigMap wins (it is what istiod reads), then revision ConfigMaps, then
/// IstioOperators, each in file order. Fields no source sets keep Istio's defaults.
/// </summary>
public sealed class IstioMeshConfig
{
    public const string DefaultRootNamespace = "istio-system";

    private IstioMeshConfig(ImmutableArray<MeshConfigSource> sources) => Sources = sources;

    public static IstioMeshConfig None { get; } = new(ImmutableArray<MeshConfigSource>.Empty);

    /// <summary>Every mesh config in the files, most authoritative first.</summary>
    public ImmutableArray<MeshConfigSource> Sources { get; }

    /// <summary>True when the files contain a mesh config, so its defaults can be taken as the mesh's settings.</summary>
    public bool IsDeclared => !Sources.IsEmpty;

    public static IstioMeshConfig From(IEnumerable<MeshObject> objects)
    {
        var list = objects.ToList();
        var configMaps = list.OfType<ConfigMap>().Where(c => c.MeshConfig is not null).ToList();
        var sources = configMaps.Where(c => c.Name == "istio")
            .Concat(configMaps.Where(c => c.Name != "istio"))
            .Select(c => new MeshConfigSource(c, c.MeshConfig!))
            .Concat(list.OfType<IstioOperator>().Where(o => o.MeshConfig is not null).Select(o => new MeshConfigSource(o, o.MeshConfig!)))
            .ToImmutableArray();
        return sources.IsEmpty ? None : new IstioMeshConfig(sources);
    }

    /// <summary>The first source that sets the field at <paramref name="path"/> (e.g. <c>outboundTrafficPolicy</c>, <c>mode</c>).</summary>
    public MeshConfigValue? Get(params string[] path)
    {
        foreach (var source in Sources)
        {
            Node? node = source.Config;
            foreach (var key in path)
            {
                node = (node as MappingNode)?[key];
            }

            if (node is not null && node is not ScalarNode { IsNull: true })
            {
                return new MeshConfigValue(node, source);
            }
        }

        return null;
    }

    /// <summary><c>rootNamespace</c>: where mesh-wide policies live. Null when no source sets it.</summary>
    public MeshConfigValue? RootNamespace => Get("rootNamespace");

    /// <summary><c>enableAutoMtls</c>, true unless a source sets it to false.</summary>
    public bool EnableAutoMtls => Get("enableAutoMtls") is not { Node: ScalarNode s } || !s.IsBoolean(out var on) || on;

    /// <summary>The value that turns auto mTLS off, when one does.</summary>
    public MeshConfigValue? AutoMtlsDisabledBy => EnableAutoMtls ? null : Get("enableAutoMtls");

    /// <summary><c>pathNormalization.normalization</c> (Istio's default is <c>BASE</c>).</summary>
    public MeshConfigValue? PathNormalization => Get("pathNormalization", "normalization");

    /// <summary><c>outboundTrafficPolicy.mode</c> (Istio's default is <c>ALLOW_ANY</c>).</summary>
    public MeshConfigValue? OutboundTrafficPolicyMode => Get("outboundTrafficPolicy", "mode");
}
