using System.Collections.Immutable;
using MeshLint.Core.Model;

namespace MeshLint.Core.Rules;

/// <summary>Another place involved in a finding (the other VirtualService of a conflict, the policy that decides).</summary>
public sealed record RelatedLocation(SourceSpan Span, string Message, ObjectRef? Object = null);

/// <summary>One text edit: replace <see cref="Span"/> (end column exclusive) with <see cref="Text"/>.</summary>
public sealed record Replacement(SourceSpan Span, string Text);

/// <summary>A mechanical fix a tool may apply.</summary>
public sealed record Fix(string Description, ImmutableArray<Replacement> Replacements);

public enum SuppressionKind
{
    InSource,
    External,
}

public sealed record SuppressionInfo(SuppressionKind Kind, string Justification, SourceSpan? Span = null);

public enum BaselineState
{
    New,
    Unchanged,
    Absent,
}

/// <summary>A problem found in one object, at one field.</summary>
public sealed record Finding(
    string RuleId,
    Severity Severity,
    string Message,
    SourceSpan Location,
    ObjectRef? Object)
{
    public ImmutableArray<RelatedLocation> Related { get; init; } = ImmutableArray<RelatedLocation>.Empty;

    public ImmutableArray<Fix> Fixes { get; init; } = ImmutableArray<Fix>.Empty;

    public SuppressionInfo? Suppression { get; init; }

    public BaselineState? BaselineState { get; init; }

    /// <summary>Stable identity across edits elsewhere in the file, moves and reformatting (set by the engine).</summary>
    public string? Fingerprint { get; init; }

    /// <summary>The API server the object was read from, for live findings.</summary>
    public string? Cluster { get; init; }

    public bool IsSuppressed => Suppression is not null;
}
