using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Semantics;

namespace MeshLint.Core.Index;

/// <summary>
/// The whole mesh, indexed once per run. Every lookup two rules need lives here (or in Semantics on top of it),
/// never as a private map inside a rule. Thread-safe: rules query it in parallel.
/// </summary>
public sealed class MeshIndex
{
    private readonly ConcurrentDictionary<Type, object> byType = new();
    private readonly ConcurrentDictionary<Type, object> byTypeAndNamespace = new();
    private readonly ConcurrentDictionary<Type, Lazy<object>> facts = new();
    private readonly FrozenDictionary<ObjectRef, MeshObject> byRef;
    private readonly Lazy<FrozenDictionary<string, ImmutableArray<Workload>>> workloadsByNamespace;
    private readonly Lazy<FrozenDictionary<string, ImmutableArray<Workload>>> workloadsByLabel;
    private readonly Lazy<FrozenDictionary<string, ImmutableArray<Service>>> servicesByName;
    private readonly Lazy<FrozenDictionary<string, ImmutableArray<Service>>> servicesByHost;
    private readonly Lazy<FrozenDictionary<string, ImmutableArray<DestinationRule>>> destinationRulesByHost;
    private readonly Lazy<ImmutableArray<KeyValuePair<string, ImmutableArray<DestinationRule>>>> wildcardDestinationRuleHosts;
    private readonly Lazy<FrozenDictionary<string, ImmutableArray<VirtualService>>> virtualServicesByHost;
    private readonly Lazy<FrozenDictionary<string, ImmutableArray<ServiceEntry>>> serviceEntriesByHost;
    private readonly Lazy<ImmutableArray<string>> namespaceNames;
    private readonly Lazy<ConsulCatalog> consul;
    private readonly Lazy<Dictionary<MeshObject, int>> positions;

    public MeshIndex(IEnumerable<MeshObject> objects, MeshSettings? settings = null)
    {
        Objects = objects.ToImmutableArray();
        MeshConfig = IstioMeshConfig.From(Objects);

        // istiod takes its root namespace from the mesh config; a mesh config in the files is the truth about it.
        Settings = settings ?? MeshSettings.Default;
        if (MeshConfig.RootNamespace?.Text is { Length: > 0 } root)
        {
            Settings = Settings with { IstioRootNamespace = root };
        }

        // The first object with a given identity wins; a duplicate is a problem for a rule to report, not a crash.
        var refs = new Dictionary<ObjectRef, MeshObject>();
        foreach (var obj in Objects)
        {
            refs.TryAdd(obj.Ref, obj);
        }

        byRef = refs.ToFrozenDictionary();

        workloadsByNamespace = new(() => Group(OfType<Workload>(), w => [w.Namespace ?? "default"]));
        servicesByName = new(() => Group(OfType<Service>(), s => [s.Name]));
        workloadsByLabel = new(() => Group(OfType<Workload>(), w => w.Template.Labels.Entries.Select(e => LabelKey(w.Namespace ?? "default", e.Key.Value, e.Value.Value))));
        servicesByHost = new(() => Group(OfType<Service>(), s => [Hosts.ServiceFqdn(s.Name, s.Namespace ?? "default", Settings.ClusterDomain)]));
        destinationRulesByHost = new(() => Group(
            OfType<DestinationRule>().Where(d => d.Host is not null),
            d => [Hosts.Resolve(d.Host!.Value.Value, d.Namespace ?? "default", Settings.ClusterDomain)]));
        wildcardDestinationRuleHosts = new(() => [.. destinationRulesByHost.Value.Where(entry => Hosts.IsWildcard(entry.Key))]);
        virtualServicesByHost = new(() => Group(
            OfType<VirtualService>(),
            v => v.Hosts.Select(h => Hosts.Resolve(h.Value, v.Namespace ?? "default", Settings.ClusterDomain))));
        serviceEntriesByHost = new(() => Group(OfType<ServiceEntry>(), s => s.Hosts.Select(h => h.Value)));
        namespaceNames = new(() => Objects
            .Select(o => o is Namespace ns ? ns.Name : o.Namespace)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToImmutableArray());
        consul = new(() => new ConsulCatalog(this, ConsulCatalog.ReadSettings(this)));
        positions = new(() =>
        {
            // By reference: records compare by value, and hashing a whole object tree is what this avoids.
            var map = new Dictionary<MeshObject, int>(Objects.Length, ReferenceEqualityComparer.Instance);
            for (var i = 0; i < Objects.Length; i++)
            {
                map.TryAdd(Objects[i], i);
            }

            return map;
        });
    }

    public MeshSettings Settings { get; }

    /// <summary>The Istio mesh config the files declare (ConfigMap <c>istio</c> or IstioOperator), if any.</summary>
    public IstioMeshConfig MeshConfig { get; }

    /// <summary>Every object, in load order (files sorted by path, documents in file order).</summary>
    public ImmutableArray<MeshObject> Objects { get; }

    /// <summary>All objects of one model type, in load order. Built once per type.</summary>
    public ImmutableArray<T> OfType<T>()
        where T : MeshObject =>
        (ImmutableArray<T>)byType.GetOrAdd(typeof(T), _ => Objects.OfType<T>().ToImmutableArray());

    /// <summary>
    /// Objects of one model type in one namespace (null: cluster-scoped objects), in load order. Built once per type,
    /// so "the policies of this workload's namespace" is a lookup, not a scan of every policy for every workload.
    /// </summary>
    public ImmutableArray<T> InNamespace<T>(string? ns)
        where T : MeshObject =>
        ((FrozenDictionary<string, ImmutableArray<T>>)byTypeAndNamespace.GetOrAdd(typeof(T), _ => Group(OfType<T>(), o => [o.Namespace ?? string.Empty])))
            .GetValueOrDefault(ns ?? string.Empty, ImmutableArray<T>.Empty);

    /// <summary>Where <paramref name="obj"/> is in <see cref="Objects"/> (load order), to merge lookups back into that order.</summary>
    public int LoadPosition(MeshObject obj) => positions.Value.GetValueOrDefault(obj, int.MaxValue);

    /// <summary>Consul's view of the repo: config entries by name, effective protocols, installation settings.</summary>
    public ConsulCatalog Consul => consul.Value;

    /// <summary>
    /// A fact Semantics derives from the whole index (a resolution table, the mesh's Helm settings), built once
    /// per run on first use and shared by every rule. Keyed by the fact's type.
    /// </summary>
    public T Facts<T>(Func<MeshIndex, T> build)
        where T : class =>
        (T)facts.GetOrAdd(typeof(T), _ => new Lazy<object>(() => build(this), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    public MeshObject? Find(ObjectRef reference) => byRef.GetValueOrDefault(reference);

    public T? Find<T>(string kind, string? ns, string name)
        where T : MeshObject => Find(new ObjectRef(kind, ns, name)) as T;

    public Namespace? Namespace(string name) => Find<Namespace>("Namespace", null, name);

    /// <summary>Every namespace the repo declares or puts an object in.</summary>
    public ImmutableArray<string> NamespaceNames => namespaceNames.Value;

    public ImmutableArray<Workload> WorkloadsIn(string ns) => workloadsByNamespace.Value.GetValueOrDefault(ns, ImmutableArray<Workload>.Empty);

    /// <summary>Workloads in <paramref name="ns"/> whose pod labels match <paramref name="selector"/> (all of them when null).</summary>
    public IEnumerable<Workload> WorkloadsSelectedBy(string ns, LabelSet? selector)
    {
        if (selector is null || selector.IsEmpty)
        {
            return WorkloadsIn(ns);
        }

        // Only workloads carrying the selector's first label can match: a lookup instead of a scan of the namespace.
        var first = selector.Entries[0];
        var candidates = workloadsByLabel.Value.GetValueOrDefault(LabelKey(ns, first.Key.Value, first.Value.Value), ImmutableArray<Workload>.Empty);
        return selector.Count == 1 ? candidates : candidates.Where(w => selector.IsSubsetOf(w.Template.Labels));
    }

    private static string LabelKey(string ns, string key, string value) => string.Concat(ns, "\n", key, "\n", value);

    /// <summary>Kubernetes Services by FQDN (<c>name.namespace.svc.cluster.local</c>).</summary>
    public ImmutableArray<Service> ServicesByHost(string fqdn) => servicesByHost.Value.GetValueOrDefault(fqdn, ImmutableArray<Service>.Empty);

    /// <summary>Kubernetes Services with this name, in every namespace (Consul names its services without one).</summary>
    public ImmutableArray<Service> ServicesNamed(string name) => servicesByName.Value.GetValueOrDefault(name, ImmutableArray<Service>.Empty);

    public IEnumerable<Service> ServicesSelecting(Workload workload) =>
        InNamespace<Service>(workload.Namespace).Where(s => s.Selector is { IsEmpty: false } sel && sel.IsSubsetOf(workload.Template.Labels));

    /// <summary>DestinationRules by resolved host (short names expanded in the rule's namespace).</summary>
    public ImmutableArray<DestinationRule> DestinationRulesByHost(string host) => destinationRulesByHost.Value.GetValueOrDefault(host, ImmutableArray<DestinationRule>.Empty);

    public IEnumerable<KeyValuePair<string, ImmutableArray<DestinationRule>>> DestinationRuleHosts => destinationRulesByHost.Value;

    /// <summary>The DestinationRule hosts that are wildcards (<c>*.example.com</c>, <c>*</c>), in the order of <see cref="DestinationRuleHosts"/>: few, so matching a host against them stays cheap.</summary>
    public ImmutableArray<KeyValuePair<string, ImmutableArray<DestinationRule>>> WildcardDestinationRuleHosts => wildcardDestinationRuleHosts.Value;

    public ImmutableArray<VirtualService> VirtualServicesByHost(string host) => virtualServicesByHost.Value.GetValueOrDefault(host, ImmutableArray<VirtualService>.Empty);

    public IEnumerable<KeyValuePair<string, ImmutableArray<VirtualService>>> VirtualServiceHosts => virtualServicesByHost.Value;

    public ImmutableArray<ServiceEntry> ServiceEntriesByHost(string host) => serviceEntriesByHost.Value.GetValueOrDefault(host, ImmutableArray<ServiceEntry>.Empty);

    /// <summary>True when some Service or ServiceEntry in the repo answers to <paramref name="fqdn"/> (wildcard ServiceEntry hosts included).</summary>
    public bool IsKnownHost(string fqdn)
    {
        if (!ServicesByHost(fqdn).IsEmpty || !ServiceEntriesByHost(fqdn).IsEmpty)
        {
            return true;
        }

        foreach (var entry in serviceEntriesByHost.Value)
        {
            if (Hosts.Matches(entry.Key, fqdn))
            {
                return true;
            }
        }

        return false;
    }

    private static FrozenDictionary<string, ImmutableArray<T>> Group<T>(IEnumerable<T> items, Func<T, IEnumerable<string>> keys)
    {
        var groups = new Dictionary<string, ImmutableArray<T>.Builder>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            foreach (var key in keys(item).Distinct(StringComparer.Ordinal))
            {
                if (!groups.TryGetValue(key, out var list))
                {
                    list = ImmutableArray.CreateBuilder<T>();
                    groups[key] = list;
                }

                list.Add(item);
            }
        }

        return groups.ToFrozenDictionary(g => g.Key, g => g.Value.ToImmutable(), StringComparer.Ordinal);
    }
}
