using System.Globalization;
using System.Text;
using MeshLint.Core.Rules;

namespace MeshLint.Reporting;

/// <summary>
/// GitHub Actions workflow commands (<c>::error file=...,line=...,col=...::message</c>): each finding becomes an
/// annotation on the pull request's diff, without code scanning. Paths are as shown (relative to the working
/// directory, which in a workflow is the repository root).
/// </summary>
public sealed class GitHubFormatter : IReportFormatter
{
    public void Write(ReportInput input, TextWriter writer)
    {
        foreach (var finding in input.Findings)
        {
            if (finding.IsSuppressed || finding.BaselineState is BaselineState.Unchanged or BaselineState.Absent)
            {
                continue;
            }

            var command = finding.Severity switch
            {
                Severity.Error => "error",
                Severity.Warning => "warning",
                _ => "notice",
            };
            var properties = new List<string>();
            var location = finding.Location;
            if (location.HasFile && location.IsKnown)
            {
                properties.Add($"file={Property(location.File)}");
                properties.Add($"line={Number(location.StartLine)}");
                properties.Add($"endLine={Number(Math.Max(location.EndLine, location.StartLine))}");
                if (location.EndLine <= location.StartLine)
                {
                    // GitHub accepts col/endColumn only for single-line annotations.
                    properties.Add($"col={Number(location.StartColumn)}");
                    properties.Add($"endColumn={Number(Math.Max(location.EndColumn, location.StartColumn + 1))}");
                }
            }

            var title = input.Rules.FirstOrDefault(r => r.Id == finding.RuleId) is { } rule ? $"{rule.Id} {rule.Name}" : finding.RuleId;
            properties.Add($"title={Property(title)}");
            var subject = finding.Object is { } obj ? $" [{obj}]" : string.Empty;
            writer.WriteLine($"::{command} {string.Join(',', properties)}::{Data(finding.Message + subject)}");
        }

        foreach (var note in input.Notifications)
        {
            writer.WriteLine($"::warning title=MeshLint::{Data(note)}");
        }

        var errors = input.Count(Severity.Error);
        var warnings = input.Count(Severity.Warning);
        var notes = input.Count(Severity.Note);
        writer.WriteLine($"MeshLint: {Plural(errors, "error")}, {Plural(warnings, "warning")}, {Plural(notes, "note")} in {Plural(input.ObjectCount, "object")} from {Plural(input.FileCount, "file")}.");
    }

    private static string Plural(int count, string noun) => $"{Number(count)} {noun}{(count == 1 ? string.Empty : "s")}";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Message text: %, CR and LF are escaped (the runner's escapeData).</summary>
    internal static string Data(string text) => new StringBuilder(text)
        .Replace("%", "%25")
        .Replace("\r", "%0D")
        .Replace("\n", "%0A")
        .ToString();

    /// <summary>Property values: also ':' and ',' (the runner's escapeProperty).</summary>
    internal static string Property(string text) => new StringBuilder(Data(text))
        .Replace(":", "%3A")
        .Replace(",", "%2C")
        .ToString();
}
