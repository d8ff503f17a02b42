namespace MeshLint.Core.Model;

/// <summary>The identity of an object: <c>Kind/namespace/name</c>, or <c>Kind/name</c> when cluster-scoped.</summary>
public readonly record struct ObjectRef(string Kind, string? Namespace, string Name)
{
    public override string ToString() => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";
}

/// <summary>Where an object came from: a file (with the document index in a multi-document stream) or a cluster.</summary>
public sealed record ObjectOrigin(string File, int DocumentIndex, int? ListItemIndex = null, string? Cluster = null)
{
    public bool IsLive => Cluster is not null;
}
