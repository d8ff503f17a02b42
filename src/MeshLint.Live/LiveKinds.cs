using System.Collections.Frozen;

namespace MeshLint.Live;

/// <summary>One listable resource, as discovery describes it.</summary>
public sealed record ApiResource(string Group, string Version, string Resource, string Kind, bool Namespaced)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The REST path of the collection, in one namespace or across all of them.</summary>
    public string CollectionPath(string? ns)
    {
        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        return ns is null || !Namespaced ? $"{root}/{Resource}" : $"{root}/namespaces/{Uri.EscapeDataString(ns)}/{Resource}";
    }

    /// <summary>The REST path of one object: where <c>kubectl get --raw</c> finds it.</summary>
    public string ObjectPath(string? ns, string name) => $"{CollectionPath(Namespaced ? ns : null)}/{Uri.EscapeDataString(name)}".TrimStart('/');

    public override string ToString() => Group.Length == 0 ? Resource : $"{Resource}.{Group}";
}

/// <summary>
/// What a live read asks for. Built-in groups: only the kinds mesh rules read. Mesh groups (Istio, Linkerd,
/// Consul, Gateway API): every listable kind discovery reports, so a new CRD is read without a code change, and a
/// mesh that is not installed simply has no group. Secrets are never on either list.
/// </summary>
public static class LiveKinds
{
    /// <summary>
    /// Built-in resources by group. ReplicaSets and Jobs are left out on purpose: their Deployments and CronJobs
    /// carry the same pod template, and Pods carry what actually runs.
    /// </summary>
    public static FrozenDictionary<string, FrozenSet<string>> BuiltIn { get; } = new Dictionary<string, FrozenSet<string>>
    {
        [string.Empty] = new[] { "namespaces", "services", "serviceaccounts", "pods" }.ToFrozenSet(StringComparer.Ordinal),
        ["apps"] = new[] { "deployments", "statefulsets", "daemonsets" }.ToFrozenSet(StringComparer.Ordinal),
        ["batch"] = new[] { "cronjobs" }.ToFrozenSet(StringComparer.Ordinal),
        ["admissionregistration.k8s.io"] = new[] { "mutatingwebhookconfigurations" }.ToFrozenSet(StringComparer.Ordinal),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static FrozenSet<string> MeshGroups { get; } = new[]
    {
        "networking.istio.io", "security.istio.io", "telemetry.istio.io", "extensions.istio.io",
        "policy.linkerd.io", "linkerd.io", "workload.linkerd.io",
        "consul.hashicorp.com",
        "gateway.networking.k8s.io",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsWanted(string group, string resource)
    {
        if (resource.Contains('/', StringComparison.Ordinal) || resource == "secrets")
        {
            return false;
        }

        return BuiltIn.TryGetValue(group, out var resources) ? resources.Contains(resource) : MeshGroups.Contains(group);
    }

    /// <summary>True when a request path names the secrets resource anywhere.</summary>
    public static bool TouchesSecrets(string pathAndQuery)
    {
        var path = pathAndQuery.Split('?')[0];
        return path.Split('/').Any(segment => string.Equals(Uri.UnescapeDataString(segment), "secrets", StringComparison.OrdinalIgnoreCase));
    }
}
