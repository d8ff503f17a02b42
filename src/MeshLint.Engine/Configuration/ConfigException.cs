using MeshLint.Core.Model;

namespace MeshLint.Engine.Configuration;

/// <summary>A mistake in .meshlint.yaml: where it is, what is wrong, and how to put it right.</summary>
public sealed class ConfigException(SourceSpan span, string problem, string? hint = null)
    : Exception(span.IsKnown ? $"{span.File}:{span.StartLine}:{span.StartColumn}: {problem}" : $"{span.File}: {problem}")
{
    public SourceSpan Span { get; } = span;

    public string Problem { get; } = problem;

    public string? Hint { get; } = hint;
}
