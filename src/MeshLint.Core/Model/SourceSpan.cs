namespace MeshLint.Core.Model;

/// <summary>A range in a source file. Lines and columns are 1-based, as SARIF and editors count them.</summary>
public readonly record struct SourceSpan(string File, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public static SourceSpan None { get; } = new(string.Empty, 0, 0, 0, 0);

    public bool IsKnown => StartLine > 0;

    /// <summary>Objects read from a cluster have no file; their findings are located logically.</summary>
    public bool HasFile => File.Length > 0;

    public override string ToString() => $"{File}:{StartLine}:{StartColumn}";
}

/// <summary>A value together with the span of the YAML node it came from.</summary>
public readonly record struct Located<T>(T Value, SourceSpan Span)
{
    public override string ToString() => Value?.ToString() ?? string.Empty;
}
