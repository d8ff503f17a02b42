namespace MeshLint.Core.Model;

/// <summary>
/// A Helm values file of a mesh chart (a document without apiVersion and kind, recognised by the chart's own keys).
/// Its kind is <c>HelmValues</c> and its name the file name; it has no namespace.
/// </summary>
public sealed record HelmValues(ObjectHeader Header, string Chart, MappingNode Values) : MeshObject(Header)
{
    public const string KindName = "HelmValues";
}

/// <summary>A Flux <c>HelmRelease</c>: the chart it installs and the values it passes inline.</summary>
public sealed record HelmRelease(ObjectHeader Header, Located<string>? Chart, MappingNode? Values) : MeshObject(Header);
