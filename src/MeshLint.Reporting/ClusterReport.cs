using System.Collections.Frozen;
using MeshLint.Core.Model;

namespace MeshLint.Reporting;

/// <summary>
/// The cluster a live run read: formatters name it (SARIF run properties) and locate its objects by their REST
/// path under the API server, since they have no file.
/// </summary>
public sealed record ClusterReport(string Server, string? Context, string? ServerVersion, FrozenDictionary<ObjectRef, string> ObjectPaths)
{
    /// <summary>The API path of an object read from the cluster, relative to the server (no leading slash).</summary>
    public string? PathOf(ObjectRef reference) => ObjectPaths.GetValueOrDefault(reference);
}
