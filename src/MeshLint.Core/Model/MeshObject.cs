using System.Collections.Immutable;

namespace MeshLint.Core.Model;

/// <summary>What every Kubernetes object has: its identity, metadata and source, and its whole parsed tree.</summary>
public sealed record ObjectHeader(
    Located<string> ApiVersion,
    Located<string> Kind,
    Located<string> Name,
    Located<string>? DeclaredNamespace,
    string? Namespace,
    LabelSet Labels,
    LabelSet Annotations,
    SourceSpan MetadataSpan,
    MappingNode Root,
    ObjectOrigin Origin)
{
    /// <summary>The API group: the part of apiVersion before the slash, empty for the core group.</summary>
    public string Group
    {
        get
        {
            var slash = ApiVersion.Value.IndexOf('/', StringComparison.Ordinal);
            return slash < 0 ? string.Empty : ApiVersion.Value[..slash];
        }
    }

    public string Version
    {
        get
        {
            var slash = ApiVersion.Value.IndexOf('/', StringComparison.Ordinal);
            return slash < 0 ? ApiVersion.Value : ApiVersion.Value[(slash + 1)..];
        }
    }
}

/// <summary>Base of every object in the model. Typed kinds derive from it; unknown kinds stay as <see cref="GenericObject"/>.</summary>
public abstract record MeshObject(ObjectHeader Header)
{
    public ObjectRef Ref => new(Header.Kind.Value, Header.Namespace, Header.Name.Value);

    public string Kind => Header.Kind.Value;

    public string Name => Header.Name.Value;

    /// <summary>The effective namespace (declared, or <c>default</c>); null for cluster-scoped kinds.</summary>
    public string? Namespace => Header.Namespace;

    public LabelSet Labels => Header.Labels;

    public LabelSet Annotations => Header.Annotations;

    public MappingNode Root => Header.Root;

    public MappingNode? Spec => Header.Root["spec"] as MappingNode;

    /// <summary>Where a finding about a missing spec field is anchored: the <c>spec:</c> key, else the object's kind.</summary>
    public SourceSpan SpecSpan => Header.Root.KeyNode("spec")?.Span ?? Header.Kind.Span;

    public SourceSpan NameSpan => Header.Name.Span;

    public ObjectOrigin Origin => Header.Origin;

    public override string ToString() => Ref.ToString();
}

/// <summary>Any object whose kind the model does not type. Kept, never dropped.</summary>
public sealed record GenericObject(ObjectHeader Header) : MeshObject(Header);

/// <summary>A Secret: only its key names are kept. No value ever enters the model.</summary>
public sealed record Secret(ObjectHeader Header, ImmutableArray<string> KeyNames, string? SecretType) : MeshObject(Header);

/// <summary>A ConfigMap (Istio's mesh config lives in one).</summary>
public sealed record ConfigMap(ObjectHeader Header) : MeshObject(Header)
{
    public Node? Data(string key) => (Root["data"] as MappingNode)?[key];

    /// <summary>
    /// For Istio's mesh config ConfigMaps (<c>istio</c>, <c>istio-&lt;revision&gt;</c>): the <c>mesh</c> key parsed as
    /// YAML, with spans pointing into the file. Null for other ConfigMaps or when the key is absent or not a mapping.
    /// </summary>
    public MappingNode? MeshConfig { get; init; }
}
