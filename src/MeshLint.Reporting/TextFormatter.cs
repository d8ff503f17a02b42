using System.Globalization;
using MeshLint.Core.Rules;

namespace MeshLint.Reporting;

/// <summary><c>path:line:col: severity ID message [Kind/namespace/name]</c>, one line per finding, then a summary.</summary>
public sealed class TextFormatter : IReportFormatter
{
    public void Write(ReportInput input, TextWriter writer)
    {
        foreach (var finding in input.Findings)
        {
            if (finding.IsSuppressed || finding.BaselineState is BaselineState.Unchanged or BaselineState.Absent)
            {
                continue;
            }

            var where = finding.Location.HasFile
                ? $"{finding.Location.File}:{finding.Location.StartLine.ToString(CultureInfo.InvariantCulture)}:{finding.Location.StartColumn.ToString(CultureInfo.InvariantCulture)}"
                : finding.Cluster is not null ? $"cluster {finding.Cluster}" : "meshlint";
            var subject = finding.Object is { } obj ? $" [{obj}]" : string.Empty;
            writer.WriteLine($"{where}: {finding.Severity.Name()} {finding.RuleId} {finding.Message}{subject}");
        }

        foreach (var note in input.Notifications)
        {
            writer.WriteLine($"meshlint: note: {note}");
        }

        var errors = input.Count(Severity.Error);
        var warnings = input.Count(Severity.Warning);
        var notes = input.Count(Severity.Note);
        var suppressed = input.Findings.Count(f => f.IsSuppressed);
        var total = errors + warnings + notes;
        var summary = total == 0
            ? $"No findings in {Plural(input.ObjectCount, "object")} from {Plural(input.FileCount, "file")}."
            : $"{Plural(total, "finding")} ({Plural(errors, "error")}, {Plural(warnings, "warning")}, {Plural(notes, "note")}) in {Plural(input.ObjectCount, "object")} from {Plural(input.FileCount, "file")}.";
        if (suppressed > 0)
        {
            summary += $" {suppressed.ToString(CultureInfo.InvariantCulture)} suppressed.";
        }

        writer.WriteLine();
        writer.WriteLine(summary);
    }

    private static string Plural(int count, string noun) => $"{count.ToString(CultureInfo.InvariantCulture)} {noun}{(count == 1 ? string.Empty : "s")}";
}
