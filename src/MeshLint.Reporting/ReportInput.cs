using System.Collections.Immutable;
using MeshLint.Core.Index;
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

    /// <summary>The indexed mesh the findings came from; the audit report computes its posture tables from it.</summary>
    public MeshIndex? Index { get; init; }

    /// <summary>Source texts by display path, so reports can quote what a fix replaces.</summary>
    public IReadOnlyDictionary<string, string>? Sources { get; init; }

    /// <summary>The paths the user asked to check, as given.</summary>
    public ImmutableArray<string> Inputs { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>When the report was made (the CLI sets it; reports made without it carry no date).</summary>
    public DateTimeOffset? GeneratedAt { get; init; }

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
