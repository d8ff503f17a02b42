using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MeshLint.Tests.Live;

public sealed record FakeResponse(int Status, string Body)
{
    public Dictionary<string, string> Headers { get; init; } = [];
}

/// <summary>
/// The state behind <see cref="FakeApiServer"/>: served groups and resources, their objects as JSON, and the
/// misbehaviour a test asks for (403 for a resource, a slow list, an expired continue token, throttling).
/// </summary>
public sealed class FakeCluster
{
    private readonly List<Resource> resources = [];
    private readonly Dictionary<string, List<string>> groupVersions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> throttled = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> expired = new(StringComparer.Ordinal);

    public sealed record Resource(string Group, string Version, string Plural, string Kind, bool Namespaced)
    {
        public List<JsonObject> Items { get; } = [];

        public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
    }

    /// <summary>Resources ("pods", "authorizationpolicies.security.istio.io") answered with 403.</summary>
    public HashSet<string> Forbidden { get; } = new(StringComparer.Ordinal);

    /// <summary>Resources whose lists are answered only after a delay.</summary>
    public Dictionary<string, TimeSpan> Delays { get; } = new(StringComparer.Ordinal);

    /// <summary>Resources whose first continue token is answered with 410 Gone once.</summary>
    public HashSet<string> ExpireFirstContinue { get; } = new(StringComparer.Ordinal);

    /// <summary>Resources whose first list request is answered with 429 and Retry-After: 1 once.</summary>
    public HashSet<string> ThrottleOnce { get; } = new(StringComparer.Ordinal);

    /// <summary>The bearer token the server expects, when set.</summary>
    public string? RequiredToken { get; set; }

    public Resource Serve(string group, string version, string plural, string kind, bool namespaced, params string[] otherVersions)
    {
        var resource = new Resource(group, version, plural, kind, namespaced);
        resources.Add(resource);
        if (!groupVersions.TryGetValue(group, out var versions))
        {
            versions = [];
            groupVersions[group] = versions;
        }

        foreach (var v in new[] { version }.Concat(otherVersions))
        {
            if (!versions.Contains(v))
            {
                versions.Add(v);
            }
        }

        return resource;
    }

    /// <summary>Adds objects written as JSON. Built-in kinds lose apiVersion and kind, as in a real list.</summary>
    public void Add(string group, string plural, params string[] json)
    {
        var resource = resources.Single(r => r.Group == group && r.Plural == plural);
        foreach (var text in json)
        {
            var item = JsonNode.Parse(text)!.AsObject();
            if (!IsCustom(group))
            {
                item.Remove("apiVersion");
                item.Remove("kind");
            }

            resource.Items.Add(item);
        }
    }

    private static bool IsCustom(string group) => group.Contains('.', StringComparison.Ordinal) && !group.EndsWith(".k8s.io", StringComparison.Ordinal) || group == "gateway.networking.k8s.io";

    private static string Key(Resource r) => r.Group.Length == 0 ? r.Plural : $"{r.Plural}.{r.Group}";

    public async Task<FakeResponse> HandleAsync(RecordedRequest request, CancellationToken cancellationToken)
    {
        if (RequiredToken is not null && request.Authorization != $"Bearer {RequiredToken}")
        {
            return StatusObject(401, "Unauthorized", "Unauthorized");
        }

        if (request.Method != "GET")
        {
            return StatusObject(405, "MethodNotAllowed", $"{request.Method} is not supported by this test server");
        }

        var path = request.Path.TrimEnd('/');
        switch (path)
        {
            case "/version":
                return Json(200, new JsonObject { ["major"] = "1", ["minor"] = "31", ["gitVersion"] = "v1.31.2", ["platform"] = "linux/amd64" });
            case "/api":
                return Json(200, new JsonObject { ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1") });
            case "/apis":
                return Json(200, GroupList());
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group, version;
        int rest;
        if (segments.Length >= 2 && segments[0] == "api")
        {
            (group, version, rest) = (string.Empty, segments[1], 2);
        }
        else if (segments.Length >= 3 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], 3);
        }
        else
        {
            return StatusObject(404, "NotFound", $"the server could not find the requested resource ({path})");
        }

        if (segments.Length == rest)
        {
            return groupVersions.TryGetValue(group, out var versions) && versions.Contains(version)
                ? Json(200, ResourceList(group, version))
                : StatusObject(404, "NotFound", "the server could not find the requested resource");
        }

        string? ns = null;
        if (segments.Length >= rest + 3 && segments[rest] == "namespaces" && segments.Length != rest + 2)
        {
            ns = segments[rest + 1];
            rest += 2;
        }

        var plural = segments[rest];
        var name = segments.Length > rest + 1 ? segments[rest + 1] : null;
        var resource = resources.FirstOrDefault(r => r.Group == group && r.Plural == plural && ServesVersion(r, version));
        if (resource is null)
        {
            return StatusObject(404, "NotFound", "the server could not find the requested resource");
        }

        var key = Key(resource);
        if (Forbidden.Contains(key))
        {
            var scope = ns is null ? "at the cluster scope" : $"in the namespace \"{ns}\"";
            return StatusObject(403, "Forbidden",
                $"{key} is forbidden: User \"system:serviceaccount:audit:meshlint\" cannot list resource \"{resource.Plural}\" in API group \"{resource.Group}\" {scope}");
        }

        if (Delays.TryGetValue(key, out var delay))
        {
            await Task.Delay(delay, cancellationToken);
        }

        var apiVersion = $"{(group.Length == 0 ? string.Empty : group + "/")}{version}";
        if (name is not null)
        {
            var item = resource.Items.FirstOrDefault(i => Name(i) == name && (ns is null || Namespace(i) == ns));
            if (item is null)
            {
                return StatusObject(404, "NotFound", $"{key} \"{name}\" not found");
            }

            var copy = item.DeepClone().AsObject();
            copy["apiVersion"] = apiVersion;
            copy["kind"] = resource.Kind;
            return Json(200, copy);
        }

        var query = ParseQuery(request.Query);
        if (ThrottleOnce.Contains(key) && throttled.AddOrUpdate(key, 1, (_, n) => n + 1) == 1)
        {
            var throttle = StatusObject(429, "TooManyRequests", "too many requests, please try again later");
            throttle.Headers["Retry-After"] = "1";
            return throttle;
        }

        var matching = resource.Items.Where(i => ns is null || Namespace(i) == ns).ToList();
        var offset = 0;
        if (query.TryGetValue("continue", out var token) && token.Length > 0)
        {
            if (ExpireFirstContinue.Contains(key) && expired.AddOrUpdate(key, 1, (_, n) => n + 1) == 1)
            {
                return StatusObject(410, "Expired", "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
            }

            offset = int.Parse(token.Split(':')[1], CultureInfo.InvariantCulture);
        }

        var limit = query.TryGetValue("limit", out var l) ? int.Parse(l, CultureInfo.InvariantCulture) : int.MaxValue;
        var page = matching.Skip(offset).Take(limit).ToList();
        var next = offset + page.Count < matching.Count ? $"page:{(offset + page.Count).ToString(CultureInfo.InvariantCulture)}" : null;
        var items = new JsonArray();
        foreach (var item in page)
        {
            var copy = item.DeepClone();
            if (IsCustom(group))
            {
                copy["apiVersion"] = apiVersion;
            }

            items.Add(copy);
        }

        var metadata = new JsonObject { ["resourceVersion"] = "123456" };
        if (next is not null)
        {
            metadata["continue"] = next;
            metadata["remainingItemCount"] = matching.Count - offset - page.Count;
        }

        return Json(200, new JsonObject { ["kind"] = resource.Kind + "List", ["apiVersion"] = apiVersion, ["metadata"] = metadata, ["items"] = items });
    }

    private bool ServesVersion(Resource resource, string version) =>
        resource.Version == version || (IsCustom(resource.Group) && groupVersions[resource.Group].Contains(version) && resources.Any(r => r.Group == resource.Group && r.Version == version && r.Plural == resource.Plural));

    private JsonObject GroupList()
    {
        var groups = new JsonArray();
        foreach (var (group, versions) in groupVersions.Where(g => g.Key.Length > 0).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var list = new JsonArray();
            foreach (var v in versions)
            {
                list.Add(new JsonObject { ["groupVersion"] = $"{group}/{v}", ["version"] = v });
            }

            groups.Add(new JsonObject
            {
                ["name"] = group,
                ["versions"] = list,
                ["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{group}/{versions[0]}", ["version"] = versions[0] },
            });
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    private JsonObject ResourceList(string group, string version)
    {
        var list = new JsonArray();
        foreach (var r in resources.Where(r => r.Group == group && r.Version == version))
        {
            list.Add(new JsonObject
            {
                ["name"] = r.Plural,
                ["singularName"] = r.Kind.ToLowerInvariant(),
                ["namespaced"] = r.Namespaced,
                ["kind"] = r.Kind,
                ["verbs"] = new JsonArray("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"),
            });
            list.Add(new JsonObject
            {
                ["name"] = r.Plural + "/status",
                ["singularName"] = string.Empty,
                ["namespaced"] = r.Namespaced,
                ["kind"] = r.Kind,
                ["verbs"] = new JsonArray("get", "patch", "update"),
            });
        }

        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}", ["resources"] = list };
    }

    private static string? Name(JsonObject item) => item["metadata"]?["name"]?.GetValue<string>();

    private static string? Namespace(JsonObject item) => item["metadata"]?["namespace"]?.GetValue<string>();

    private static Dictionary<string, string> ParseQuery(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty, StringComparer.Ordinal);

    private static FakeResponse Json(int status, JsonNode body) => new(status, body.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));

    private static FakeResponse StatusObject(int code, string reason, string message) => Json(code, new JsonObject
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    });
}
