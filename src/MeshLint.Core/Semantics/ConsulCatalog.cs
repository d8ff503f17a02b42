using System.Collections.Frozen;
using System.Collections.Immutable;
using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Consul;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics;

/// <summary>Where a service's effective protocol comes from.</summary>
public enum ConsulProtocolSource
{
    /// <summary>The service's own ServiceDefaults <c>protocol</c>.</summary>
    ServiceDefaults,

    /// <summary>ProxyDefaults <c>global</c> (its <c>config.protocol</c>, or tcp when it sets none).</summary>
    ProxyDefaults,

    /// <summary>Nothing in view sets it: Consul's fallback <c>tcp</c>, unless an entry elsewhere says otherwise.</summary>
    Fallback,
}

/// <summary>The effective protocol of a Consul service, as the discovery chain compiler computes it.</summary>
public sealed record ConsulProtocol(string Value, ConsulProtocolSource Source, ConsulResource? DecidedBy, SourceSpan? Span)
{
    /// <summary>http, http2 and grpc allow routers, splitters, L7 intentions and HTTP ingress listeners.</summary>
    public bool IsHttpLike => Value is "http" or "http2" or "grpc";

    /// <summary>True when an entry in view decides the protocol (not the tcp fallback).</summary>
    public bool IsDecided => Source != ConsulProtocolSource.Fallback;

    /// <summary>A short phrase saying where the protocol comes from, for messages.</summary>
    public string Origin => Source switch
    {
        ConsulProtocolSource.ServiceDefaults => $"ServiceDefaults {DecidedBy?.Name}",
        ConsulProtocolSource.ProxyDefaults => DecidedBy is ProxyDefaults { Protocol: not null }
            ? "ProxyDefaults global"
            : "ProxyDefaults global (which sets no protocol)",
        _ => "no ServiceDefaults or ProxyDefaults in view",
    };
}

/// <summary>
/// A setting of the Consul installation that manifests do not state: from the Helm values in the repo, else
/// <c>.meshlint.yaml</c>, else the chart's default. <see cref="Stated"/> tells a known value from an assumed default.
/// </summary>
public sealed record ConsulSetting(bool Value, bool Stated, Located<string>? Source = null, MeshObject? Origin = null);

/// <summary>The installation settings that change what Consul rules conclude.</summary>
public sealed record ConsulSettings(ConsulSetting AclsEnabled, ConsulSetting ConnectInjectDefault, ConsulSetting TransparentProxyDefault)
{
    /// <summary>The Helm chart defaults: ACLs off, pods opt in, transparent proxy on.</summary>
    public static ConsulSettings ChartDefaults { get; } = new(new(false, false), new(false, false), new(true, false));
}

/// <summary>
/// Consul's view of the repo, built once per index: config entries by kind and name (names are global per kind on
/// Consul CE), the singleton entries that apply, effective protocols and the service names the repo defines.
/// </summary>
public sealed class ConsulCatalog
{
    private readonly FrozenDictionary<string, ImmutableArray<ServiceDefaults>> serviceDefaults;
    private readonly FrozenDictionary<string, ServiceResolver> resolvers;
    private readonly FrozenDictionary<string, ServiceRouter> routers;
    private readonly FrozenDictionary<string, ServiceSplitter> splitters;
    private readonly FrozenSet<string> knownServices;
    private readonly Lazy<ImmutableArray<ChainReference>> chainReferences;

    public ConsulCatalog(MeshIndex index, ConsulSettings? settings = null)
    {
        Settings = settings ?? ConsulSettings.ChartDefaults;
        serviceDefaults = index.OfType<ServiceDefaults>()
            .GroupBy(s => s.Name, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal);
        resolvers = First(index.OfType<ServiceResolver>());
        routers = First(index.OfType<ServiceRouter>());
        splitters = First(index.OfType<ServiceSplitter>());
        GlobalProxyDefaults = index.OfType<ProxyDefaults>().FirstOrDefault(p => p.Name == "global");
        Mesh = index.OfType<MeshConfigEntry>().FirstOrDefault(m => m.Name == "mesh");
        knownServices = KnownServiceNames(index).ToFrozenSet(StringComparer.Ordinal);
        chainReferences = new(() => ConsulChain.References(index).ToImmutableArray());
        UsesAdminPartitions = PartitionFields(index).Any();
    }

    public ConsulSettings Settings { get; }

    /// <summary>The ProxyDefaults that applies (only one named <c>global</c> does).</summary>
    public ProxyDefaults? GlobalProxyDefaults { get; }

    /// <summary>The Mesh entry that applies (only one named <c>mesh</c> does).</summary>
    public MeshConfigEntry? Mesh { get; }

    /// <summary>
    /// True when some entry in view names an admin partition (Consul Enterprise): then ExportedServices is named after
    /// its partition rather than <c>default</c>.
    /// </summary>
    public bool UsesAdminPartitions { get; }

    /// <summary>Every reference between routers, splitters and resolvers, in load order.</summary>
    public ImmutableArray<ChainReference> ChainReferences => chainReferences.Value;

    public ServiceDefaults? ServiceDefaultsFor(string service) =>
        serviceDefaults.TryGetValue(service, out var list) ? list[0] : null;

    public ServiceResolver? ResolverFor(string service) => resolvers.GetValueOrDefault(service);

    public ServiceRouter? RouterFor(string service) => routers.GetValueOrDefault(service);

    public ServiceSplitter? SplitterFor(string service) => splitters.GetValueOrDefault(service);

    /// <summary>
    /// The effective protocol: the service's ServiceDefaults <c>protocol</c>, else ProxyDefaults <c>global</c>
    /// <c>config.protocol</c> (tcp when it sets none), else tcp (hashicorp/consul discoverychain recordProtocol).
    /// </summary>
    public ConsulProtocol ProtocolOf(string service)
    {
        var defaults = ServiceDefaultsFor(service);
        if (defaults?.Protocol is { } protocol && protocol.Value.Length > 0)
        {
            return new ConsulProtocol(protocol.Value.ToLowerInvariant(), ConsulProtocolSource.ServiceDefaults, defaults, protocol.Span);
        }

        if (GlobalProxyDefaults is { } global)
        {
            return global.Protocol is { } p && p.Value.Length > 0
                ? new ConsulProtocol(p.Value.ToLowerInvariant(), ConsulProtocolSource.ProxyDefaults, global, p.Span)
                : new ConsulProtocol("tcp", ConsulProtocolSource.ProxyDefaults, global, global.NameSpan);
        }

        return new ConsulProtocol("tcp", ConsulProtocolSource.Fallback, null, null);
    }

    /// <summary>
    /// True when something in view defines a service of this name: a config entry named after it, an intention
    /// destination, a Kubernetes Service, a <c>connect-service</c> annotation, a terminating-gateway link or a registration.
    /// </summary>
    public bool IsKnownService(string service) => knownServices.Contains(service);

    /// <summary>
    /// The installation settings: the consul chart's Helm values in the repo (a values file or a Flux HelmRelease) win,
    /// then <c>.meshlint.yaml</c>, then the chart defaults. With values in view, a key they omit takes the chart default
    /// and is anchored on its closest parent key.
    /// </summary>
    public static ConsulSettings ReadSettings(MeshIndex index)
    {
        var configured = index.Settings.Consul;
        var defaults = ConsulSettings.ChartDefaults;
        var (origin, values) = FindValues(index);
        return new ConsulSettings(
            Read(values, origin, configured.AclsEnabled, defaults.AclsEnabled, "global", "acls", "manageSystemACLs"),
            Read(values, origin, configured.ConnectInjectDefault, defaults.ConnectInjectDefault, "connectInject", "default"),
            Read(values, origin, configured.TransparentProxyDefault, defaults.TransparentProxyDefault, "connectInject", "transparentProxy", "defaultEnabled"));
    }

    private static (MeshObject? Origin, MappingNode? Values) FindValues(MeshIndex index)
    {
        foreach (var values in index.OfType<HelmValues>())
        {
            if (values.Chart == "consul")
            {
                return (values, values.Values);
            }
        }

        foreach (var release in index.OfType<HelmRelease>())
        {
            if (release.Chart?.Value == "consul" && release.Values is { } inline)
            {
                return (release, inline);
            }
        }

        return (null, null);
    }

    private static ConsulSetting Read(MappingNode? values, MeshObject? origin, bool? configured, ConsulSetting chartDefault, params string[] path)
    {
        if (values is null || origin is null)
        {
            return configured is { } value ? new ConsulSetting(value, true) : chartDefault;
        }

        var map = values;
        var anchor = values.Entries.Length > 0 ? values.Entries[0].Key.Span : values.Span;
        for (var i = 0; i < path.Length; i++)
        {
            var key = map.KeyNode(path[i]);
            if (key is null)
            {
                break;
            }

            anchor = key.Span;
            var node = map[path[i]];
            if (i == path.Length - 1)
            {
                // Helm reads YAML booleans; a quoted "true" still reaches the chart's templates as a truthy string.
                if (node is ScalarNode scalar && (scalar.IsBoolean(out var yamlBool) ? yamlBool : ConsulInjection.ParseBool(scalar.Value)) is { } flag)
                {
                    return new ConsulSetting(flag, true, new Located<string>(scalar.Value, scalar.Span), origin);
                }

                break;
            }

            if (node is not MappingNode child)
            {
                break;
            }

            map = child;
        }

        // The values do not set it: the chart default applies, and the values file is where to change it.
        return new ConsulSetting(chartDefault.Value, true, new Located<string>(string.Join('.', path), anchor), origin);
    }

    private static FrozenDictionary<string, T> First<T>(ImmutableArray<T> entries)
        where T : MeshObject
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            result.TryAdd(entry.Name, entry);
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static IEnumerable<Located<string>> PartitionFields(MeshIndex index)
    {
        var fields = index.OfType<ExportedServices>().SelectMany(e => e.Services).SelectMany(s => s.Consumers).Select(c => c.Partition)
            .Concat(index.OfType<ServiceIntentions>().SelectMany(i => i.Sources).Select(s => s.Partition))
            .Concat(index.OfType<SamenessGroup>().SelectMany(g => g.Members).Select(m => m.Partition))
            .Concat(index.OfType<ServiceResolver>().Select(r => r.Redirect?.Partition))
            .Concat(index.OfType<ServiceResolver>().SelectMany(r => r.Failover).SelectMany(f => f.Targets).Select(t => t.Partition));
        return fields.OfType<Located<string>>();
    }

    private static IEnumerable<string> KnownServiceNames(MeshIndex index)
    {
        foreach (var entry in index.OfType<ServiceDefaults>())
        {
            yield return entry.Name;
        }

        foreach (var entry in index.OfType<ServiceResolver>())
        {
            yield return entry.Name;
        }

        foreach (var entry in index.OfType<ServiceRouter>())
        {
            yield return entry.Name;
        }

        foreach (var entry in index.OfType<ServiceSplitter>())
        {
            yield return entry.Name;
        }

        foreach (var intentions in index.OfType<ServiceIntentions>())
        {
            if (intentions.DestinationName is { } name)
            {
                yield return name;
            }
        }

        foreach (var gateway in index.OfType<TerminatingGateway>())
        {
            foreach (var linked in gateway.Services)
            {
                if (linked.Name is { } name)
                {
                    yield return name.Value;
                }
            }
        }

        foreach (var service in index.OfType<Service>())
        {
            yield return service.Name;
        }

        foreach (var workload in index.OfType<Workload>())
        {
            foreach (var name in ConsulInjection.AnnotatedServiceNames(workload.Template))
            {
                yield return name;
            }
        }

        // A Registration puts an external service in the catalog: spec.service.name.
        foreach (var other in index.OfType<OtherConsulResource>())
        {
            if (other.Kind == "Registration" && (other.Spec?["service"] as MappingNode)?["name"] is ScalarNode { IsNull: false } name)
            {
                yield return name.Value;
            }
        }
    }
}
