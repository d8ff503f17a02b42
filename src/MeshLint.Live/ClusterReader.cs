using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text.Json;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using MeshLint.Loading;
using MeshLint.Loading.Mapping;

namespace MeshLint.Live;

/// <summary>What a live read produced: the objects (mapped like files), and what could not be read.</summary>
public sealed record ClusterSnapshot(
    string Server,
    string? Context,
    string? ServerVersion,
    LoadResult Load,
    ImmutableArray<ApiResource> ResourcesRead,
    ImmutableArray<string> Problems,
    FrozenDictionary<ObjectRef, string> ObjectPaths,
    int Requests)
{
    /// <summary>The namespaces the read was limited to; empty when it read all of them.</summary>
    public ImmutableArray<string> Namespaces { get; init; } = [];

    /// <summary>False when not a single list could be read: the run has nothing to judge.</summary>
    public bool AnythingRead => !ResourcesRead.IsEmpty;

    /// <summary>Kinds whose every list was read, so an object missing from them is really missing.</summary>
    public ImmutableArray<string> KindsRead => ResourcesRead.Select(r => r.Kind).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
}

/// <summary>
/// Reads a cluster the way <c>kubectl get</c> does, and only that: API discovery, then one paginated list per
/// kind (per namespace when namespaces are given), at most <see cref="ClusterOptions.Parallelism"/> at a time.
/// Every object goes through <see cref="ObjectMapper"/>, the same mappers files go through.
/// </summary>
public static class ClusterReader
{
    private const int MaxListRestarts = 2;
    private const int MaxThrottleRetries = 3;

    public static async Task<ClusterSnapshot> ReadAsync(ClusterOptions options, IProgress<ClusterReadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var connection = ClusterConnection.Open(options);
        var session = new Session(connection, options);
        return await session.RunAsync(progress, cancellationToken).ConfigureAwait(false);
    }

    private sealed class Session(ClusterConnection connection, ClusterOptions options)
    {
        private readonly List<string> problems = [];
        private int requests;

        public async Task<ClusterSnapshot> RunAsync(IProgress<ClusterReadProgress>? progress, CancellationToken cancellationToken)
        {
            var version = await GetAsync("/version", cancellationToken).ConfigureAwait(false);
            if (version.Status is null)
            {
                return Empty($"cannot reach the API server at {connection.Server}: {version.Failure}");
            }

            if (version.Status == HttpStatusCode.Unauthorized)
            {
                return Empty($"the API server at {connection.Server} rejected the credentials (401 Unauthorized): {StatusMessage(version.Body)}");
            }

            var serverVersion = version.IsSuccess ? TryRead(version.Body, root => (root as MappingNode)?["gitVersion"]?.ToString()) : null;
            var resources = await DiscoverAsync(cancellationToken).ConfigureAwait(false);
            if (resources.Count == 0)
            {
                return Empty(problems.Count > 0 ? null : $"the API server at {connection.Server} serves none of the kinds MeshLint reads");
            }

            var lists = PlanLists(resources);
            var results = new ListResult[lists.Count];
            var done = 0;
            var objectCount = 0;
            progress?.Report(new ClusterReadProgress(0, lists.Count, 0));
            using var gate = new SemaphoreSlim(Math.Max(1, options.Parallelism));
            await Task.WhenAll(lists.Select(async (list, index) =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    results[index] = await ReadListAsync(list, index, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }

                var objects = Interlocked.Add(ref objectCount, results[index].Objects.Count);
                progress?.Report(new ClusterReadProgress(Interlocked.Increment(ref done), lists.Count, objects));
            })).ConfigureAwait(false);

            var allObjects = ImmutableArray.CreateBuilder<MeshObject>();
            var diagnostics = ImmutableArray.CreateBuilder<Finding>();
            var paths = new Dictionary<ObjectRef, string>();
            var failedResources = new HashSet<ApiResource>();
            for (var i = 0; i < lists.Count; i++)
            {
                var result = results[i];
                if (result.Problem is not null)
                {
                    problems.Add(result.Problem);
                    failedResources.Add(lists[i].Resource);
                    continue;
                }

                foreach (var obj in result.Objects)
                {
                    allObjects.Add(obj);
                    paths.TryAdd(obj.Ref, lists[i].Resource.ObjectPath(obj.Namespace, obj.Name));
                }

                diagnostics.AddRange(result.Diagnostics);
            }

            var read = lists.Select(l => l.Resource).Distinct().Where(r => !failedResources.Contains(r)).ToImmutableArray();
            var load = new LoadResult(allObjects.ToImmutable(), diagnostics.ToImmutable(), ImmutableArray<SourceFile>.Empty);
            return new ClusterSnapshot(connection.Server, connection.Context, serverVersion, load, read, problems.ToImmutableArray(), paths.ToFrozenDictionary(), requests)
            {
                Namespaces = options.Namespaces.IsDefaultOrEmpty ? [] : options.Namespaces,
            };
        }

        private ClusterSnapshot Empty(string? problem)
        {
            if (problem is not null)
            {
                problems.Add(problem);
            }

            return new ClusterSnapshot(connection.Server, connection.Context, null,
                new LoadResult(ImmutableArray<MeshObject>.Empty, ImmutableArray<Finding>.Empty, ImmutableArray<SourceFile>.Empty),
                ImmutableArray<ApiResource>.Empty, problems.ToImmutableArray(), FrozenDictionary<ObjectRef, string>.Empty, requests);
        }

        /// <summary>
        /// Classic discovery: <c>/api/v1</c>, <c>/apis</c>, then each wanted group version. A CRD group serves the same
        /// objects under every version, so each kind is read once, at the first version (in the server's preference
        /// order) that serves it; Linkerd, for one, serves AuthorizationPolicy only in an older version than Server.
        /// </summary>
        private async Task<List<ApiResource>> DiscoverAsync(CancellationToken cancellationToken)
        {
            var groupVersions = new List<(string Group, string Version)> { (string.Empty, "v1") };
            var apis = await GetAsync("/apis", cancellationToken).ConfigureAwait(false);
            if (apis.IsSuccess && TryRead(apis.Body, root => root) is MappingNode groupList && groupList["groups"] is SequenceNode groups)
            {
                foreach (var group in groups.Items.OfType<MappingNode>())
                {
                    var name = group["name"]?.ToString() ?? string.Empty;
                    var preferred = (group["preferredVersion"] as MappingNode)?["version"]?.ToString();
                    var versions = (group["versions"] as SequenceNode)?.Items.OfType<MappingNode>().Select(v => v["version"]?.ToString()).OfType<string>().ToList() ?? [];
                    if (LiveKinds.BuiltIn.ContainsKey(name))
                    {
                        if ((preferred ?? versions.FirstOrDefault()) is { } version)
                        {
                            groupVersions.Add((name, version));
                        }
                    }
                    else if (LiveKinds.MeshGroups.Contains(name))
                    {
                        var ordered = preferred is null ? versions : [preferred, .. versions.Where(v => v != preferred)];
                        groupVersions.AddRange(ordered.Select(v => (name, v)));
                    }
                }
            }
            else
            {
                problems.Add($"cannot discover API groups: {Describe(apis)}; only core kinds were read");
            }

            var resourceLists = await Task.WhenAll(groupVersions.Select(async gv =>
            {
                var path = gv.Group.Length == 0 ? "/api/v1" : $"/apis/{gv.Group}/{gv.Version}";
                var response = await GetAsync(path, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccess)
                {
                    return (gv, Resources: (List<ApiResource>?)null, Problem: $"cannot discover {(gv.Group.Length == 0 ? "core" : gv.Group)}/{gv.Version}: {Describe(response)}");
                }

                var found = new List<ApiResource>();
                if (TryRead(response.Body, root => root) is MappingNode list && list["resources"] is SequenceNode items)
                {
                    foreach (var item in items.Items.OfType<MappingNode>())
                    {
                        var resource = item["name"]?.ToString();
                        var kind = item["kind"]?.ToString();
                        var verbs = (item["verbs"] as SequenceNode)?.Items.Select(v => v.ToString()).ToHashSet(StringComparer.Ordinal) ?? [];
                        if (resource is null || kind is null || !verbs.Contains("list") || !LiveKinds.IsWanted(gv.Group, resource))
                        {
                            continue;
                        }

                        found.Add(new ApiResource(gv.Group, gv.Version, resource, kind, item["namespaced"]?.ToString() == "true"));
                    }
                }

                return (gv, Resources: found, Problem: (string?)null);
            })).ConfigureAwait(false);

            var chosen = new List<ApiResource>();
            var seen = new HashSet<(string, string)>();
            foreach (var (gv, resources, problem) in resourceLists)
            {
                if (problem is not null)
                {
                    problems.Add(problem);
                    continue;
                }

                foreach (var resource in resources!)
                {
                    if (seen.Add((gv.Group, resource.Kind)))
                    {
                        chosen.Add(resource);
                    }
                }
            }

            return chosen;
        }

        private List<PlannedList> PlanLists(List<ApiResource> resources)
        {
            var namespaces = options.Namespaces.IsDefaultOrEmpty ? [] : options.Namespaces.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var lists = new List<PlannedList>();
            foreach (var resource in resources.OrderBy(r => r.Group, StringComparer.Ordinal).ThenBy(r => r.Kind, StringComparer.Ordinal))
            {
                if (namespaces.Count == 0 || !resource.Namespaced)
                {
                    if (namespaces.Count > 0 && resource is { Group: "", Resource: "namespaces" })
                    {
                        // Restricted to some namespaces: get those Namespace objects, not the whole list.
                        lists.AddRange(namespaces.Select(ns => new PlannedList(resource, null, ns)));
                    }
                    else
                    {
                        lists.Add(new PlannedList(resource, null, null));
                    }
                }
                else
                {
                    lists.AddRange(namespaces.Select(ns => new PlannedList(resource, ns, null)));
                }
            }

            return lists;
        }

        private async Task<ListResult> ReadListAsync(PlannedList list, int index, CancellationToken cancellationToken)
        {
            var resource = list.Resource;
            var objects = new List<MeshObject>();
            var diagnostics = new List<Finding>();
            var origin = new ObjectOrigin(string.Empty, index, null, connection.Server);
            var what = list.Namespace is null ? resource.ToString() : $"{resource} in namespace {list.Namespace}";
            if (list.ObjectName is { } single)
            {
                var response = await GetWithRetryAsync($"{resource.CollectionPath(null)}/{Uri.EscapeDataString(single)}", cancellationToken).ConfigureAwait(false);
                if (response.Status == HttpStatusCode.NotFound)
                {
                    return new ListResult(objects, diagnostics, $"namespace {single} does not exist in the cluster");
                }

                if (!response.IsSuccess)
                {
                    return new ListResult(objects, diagnostics, $"cannot get namespace {single}: {Describe(response)}");
                }

                if (TryRead(response.Body, root => root) is MappingNode item)
                {
                    ObjectMapper.TryMap(WithTypeMeta(item, resource), origin with { ListItemIndex = 0 }, objects, diagnostics);
                }

                return new ListResult(objects, diagnostics, null);
            }

            string? continueToken = null;
            var restarts = 0;
            var itemIndex = 0;
            while (true)
            {
                var query = $"?limit={options.PageSize.ToString(CultureInfo.InvariantCulture)}"
                    + (continueToken is null ? string.Empty : $"&continue={Uri.EscapeDataString(continueToken)}");
                var response = await GetWithRetryAsync(resource.CollectionPath(list.Namespace) + query, cancellationToken).ConfigureAwait(false);
                if (response.Status == HttpStatusCode.Gone && continueToken is not null && restarts < MaxListRestarts)
                {
                    // The continue token expired on a changing cluster: the list must start again from the beginning.
                    restarts++;
                    objects.Clear();
                    diagnostics.Clear();
                    continueToken = null;
                    itemIndex = 0;
                    continue;
                }

                if (!response.IsSuccess)
                {
                    return new ListResult([], [], $"cannot list {what}: {Describe(response)}");
                }

                if (TryRead(response.Body, root => root) is not MappingNode page)
                {
                    return new ListResult([], [], $"cannot list {what}: the answer is not a JSON list");
                }

                if (page["items"] is SequenceNode items)
                {
                    foreach (var item in items.Items.OfType<MappingNode>())
                    {
                        ObjectMapper.TryMap(WithTypeMeta(item, resource), origin with { ListItemIndex = itemIndex++ }, objects, diagnostics);
                    }
                }

                continueToken = (page["metadata"] as MappingNode)?["continue"]?.ToString();
                if (string.IsNullOrEmpty(continueToken))
                {
                    break;
                }
            }

            return new ListResult(objects, diagnostics, null);
        }

        private async Task<ApiResponse> GetWithRetryAsync(string path, CancellationToken cancellationToken)
        {
            for (var attempt = 0; ; attempt++)
            {
                var response = await GetAsync(path, cancellationToken).ConfigureAwait(false);
                if (response.Status != HttpStatusCode.TooManyRequests || attempt >= MaxThrottleRetries)
                {
                    return response;
                }

                var wait = response.RetryAfter is { } after && after > TimeSpan.Zero ? after : TimeSpan.FromSeconds(1);
                await Task.Delay(wait < options.MaxRetryAfter ? wait : options.MaxRetryAfter, cancellationToken).ConfigureAwait(false);
            }
        }

        private Task<ApiResponse> GetAsync(string path, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref requests);
            return connection.GetAsync(path, cancellationToken);
        }

        /// <summary>Items of built-in lists carry no apiVersion and kind: they come from the list's resource.</summary>
        private static MappingNode WithTypeMeta(MappingNode item, ApiResource resource)
        {
            if (item["apiVersion"] is not null && item["kind"] is not null)
            {
                return item;
            }

            var at = new SourceSpan(string.Empty, item.Span.StartLine, item.Span.StartColumn, item.Span.StartLine, item.Span.StartColumn);
            var entries = ImmutableArray.CreateBuilder<KeyValuePair<ScalarNode, Node>>(item.Entries.Length + 2);
            entries.Add(new(new ScalarNode("apiVersion", ScalarStyle.Plain, at), new ScalarNode(resource.ApiVersion, ScalarStyle.Quoted, at)));
            entries.Add(new(new ScalarNode("kind", ScalarStyle.Plain, at), new ScalarNode(resource.Kind, ScalarStyle.Quoted, at)));
            entries.AddRange(item.Entries.Where(e => e.Key.Value is not ("apiVersion" or "kind")));
            return new MappingNode(entries.MoveToImmutable(), item.Span);
        }

        private static T? TryRead<T>(byte[] body, Func<Node, T?> read)
        {
            try
            {
                return read(JsonTree.Parse(body));
            }
            catch (JsonException)
            {
                return default;
            }
        }

        private static string Describe(ApiResponse response)
        {
            if (response.Status is not { } status)
            {
                return response.Failure ?? "no answer";
            }

            var reason = status switch
            {
                HttpStatusCode.Forbidden => "forbidden (403)",
                HttpStatusCode.Unauthorized => "unauthorized (401)",
                HttpStatusCode.NotFound => "not found (404)",
                HttpStatusCode.Gone => "the list changed too much while it was read (410 Gone)",
                HttpStatusCode.TooManyRequests => "the server is throttling requests (429)",
                _ => $"HTTP {(int)status}",
            };
            var message = StatusMessage(response.Body);
            return message is null ? reason : $"{reason}: {message}";
        }

        /// <summary>The message of the <c>Status</c> object an API server sends with an error.</summary>
        private static string? StatusMessage(byte[] body)
        {
            var message = TryRead(body, root => (root as MappingNode)?["message"]?.ToString());
            return string.IsNullOrWhiteSpace(message) ? null : message;
        }
    }

    private sealed record PlannedList(ApiResource Resource, string? Namespace, string? ObjectName);

    private sealed record ListResult(List<MeshObject> Objects, List<Finding> Diagnostics, string? Problem);
}
