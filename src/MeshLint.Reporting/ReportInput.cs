using System.Collections.Immutable;
using MeshLint.Core.Rules;

namespace MeshLint.Reporting;

/// <summary>Everything a formatter needs: the findings and the catalogue that describes their rules.</summary>
public sealed record ReportInput(
    ImmutableArray<Finding> Findings,
    ImmutableArray<RuleDescriptor> Rules,
    Func<string, string?> Documentation,
    int FileCount,
    int ObjectCount,
    string ToolVersion,
    string BaseDirectory)
{
    /// <summary>Problems the tool met that are not findings about the configuration (a rule that failed, a truncated log).</summary>
    public ImmutableArray<string> Notifications { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>The cluster a live run read, when it read one.</summary>
    public ClusterReport? Cluster { get; init; }

    /// <summary>Findings that count: not suppressed, and new when a baseline was given.</summary>
    public int Count(Severity severity) =>
        Findings.Count(f => f.Severity == severity && !f.IsSuppressed && f.BaselineState is null or BaselineState.New);
}

public interface IReportFormatter
{
    void Write(ReportInput input, TextWriter writer);
}

public static class SeverityNames
{
    public static string Name(this Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };
}
