using System.Collections.Immutable;
using MeshLint.Core.Model;

namespace MeshLint.Core.Rules;

/// <summary>Another place involved in a finding (the other VirtualService of a conflict, the policy that decides).</summary>
public sealed record RelatedLocation(SourceSpan Span, string Message, ObjectRef? Object = null);

/// <summary>How the engine turns a <see cref="Replacement"/> into the exact text it writes.</summary>
public enum ReplacementKind
{
    /// <summary>Literal text; a <c>\n</c> in it is written as the file's own line break.</summary>
    Text,

    /// <summary>
    /// The new value of the scalar at the span: written in the quoting style the old scalar used (plain,
    /// 'single' or "double"), with the escapes that style needs, so the file keeps its formatting.
    /// </summary>
    ScalarValue,
}

/// <summary>
/// One text edit: replace <see cref="Span"/> (1-based columns, end column exclusive) with <see cref="Text"/>.
/// An empty span inserts. Build them with <see cref="FixEdits"/>; the engine checks each against the file and
/// drops a fix whose span does not hold what it claims.
/// </summary>
public sealed record Replacement(SourceSpan Span, string Text)
{
    public ReplacementKind Kind { get; init; } = ReplacementKind.Text;
}

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

    /// <summary>
    /// The configured clusters (the configuration's <c>clusters</c>) whose analysis found it, in configuration order;
    /// empty when none are configured, and for loader and live findings.
    /// </summary>
    public ImmutableArray<string> ClusterScopes { get; init; } = ImmutableArray<string>.Empty;

    public bool IsSuppressed => Suppression is not null;
}
