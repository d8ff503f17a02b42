using System.CommandLine;
using System.Globalization;
using MeshLint.Engine;
using MeshLint.Reporting;
using MeshLint.Reporting.Audit;

namespace MeshLint.Cli;

/// <summary><c>check --format markdown|html [--template FILE]</c>: the audit report.</summary>
internal sealed class AuditOptions
{
    public static readonly string[] Formats = ["markdown", "html"];

    private readonly Option<string?> template = new("--template")
    {
        Description = "With --format markdown or html: render the audit report with this Scriban template instead of the built-in one.",
    };

    public void AddTo(Command command) => command.Options.Add(template);

    /// <summary>
    /// The audit formatter for <paramref name="format"/>, or null for other formats. Made before the analysis so a
    /// template that does not parse fails fast.
    /// </summary>
    public IReportFormatter? Formatter(ParseResult parse, string format)
    {
        var path = parse.GetValue(template);
        if (!Formats.Contains(format))
        {
            return path is null ? null : throw new UsageException("--template goes with --format markdown or --format html");
        }

        var kind = format == "html" ? AuditFormat.Html : AuditFormat.Markdown;
        string? text = null;
        if (path is not null)
        {
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot read template {path}: {ex.Message}");
            }
        }

        try
        {
            return new TemplateReportFormatter(new AuditFormatter(kind, text, path));
        }
        catch (TemplateException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    /// <summary>What the audit report shows beyond the findings: the mesh, the sources (to quote fixes), the inputs and a date.</summary>
    public static ReportInput Enrich(ReportInput report, AnalysisResult result, IEnumerable<string> inputs) => report with
    {
        Index = result.Index,
        Sources = result.Load.Files.GroupBy(f => f.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Text, StringComparer.Ordinal),
        Inputs = [.. inputs],
        GeneratedAt = GeneratedAt(),
    };

    /// <summary>Now, or SOURCE_DATE_EPOCH (reproducible builds' convention) when it is set, so a report can be made byte-for-byte again.</summary>
    private static DateTimeOffset GeneratedAt() =>
        long.TryParse(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.UtcNow;

    /// <summary>Turns a template failure while rendering into a usage error (exit 2) with the template's message.</summary>
    private sealed class TemplateReportFormatter(AuditFormatter inner) : IReportFormatter
    {
        public void Write(ReportInput input, TextWriter writer)
        {
            try
            {
                inner.Write(input, writer);
            }
            catch (TemplateException ex)
            {
                throw new UsageException(ex.Message);
            }
        }
    }
}
