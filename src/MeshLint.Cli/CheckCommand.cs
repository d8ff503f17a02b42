using System.Collections.Immutable;
using System.CommandLine;
using System.Text;
using MeshLint.Core.Rules;
using MeshLint.Engine;
using MeshLint.Loading;
using MeshLint.Reporting;

namespace MeshLint.Cli;

internal static class CheckCommand
{
    public static Command Create(ConsoleIo io)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Files or folders to check (default: the current folder). '-' reads manifests from standard input.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var format = new Option<string>("--format", "-f") { Description = "Output format: text, json, sarif, github (workflow-command annotations), or an audit report: markdown or html.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong(["text", "json", "sarif", "github", .. AuditOptions.Formats]);
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of standard output." };
        var failOn = new Option<string?>("--fail-on") { Description = "Exit with 1 when a finding at or above this severity remains: error, warning, note or none (default: the configuration's failOn, else warning)." };
        failOn.AcceptOnlyFromAmong("error", "warning", "note", "none");
        var category = new Option<string?>("--sarif-category") { Description = "SARIF runAutomationDetails.id, to tell several MeshLint uploads apart in code scanning." };
        var maxFileSize = new Option<string?>("--max-file-size")
        {
            Description = $"Files larger than this are reported (ML9023) and not read: bytes, or a number with KB, MB or GB (default {ManifestLoader.FormatSize(LoadOptions.DefaultMaxFileBytes)}).",
        };

        var command = new Command("check", "Check manifests and report findings.") { paths, format, output, failOn, category, maxFileSize };
        var fixOptions = new FixOptions();
        fixOptions.AddTo(command);
        var cluster = new ClusterCommandOptions();
        cluster.AddTo(command);
        var workflow = new CheckWorkflow();
        workflow.AddTo(command);
        var auditOptions = new AuditOptions();
        auditOptions.AddTo(command);
        command.SetAction(parse =>
        {
            var inputs = parse.GetValue(paths) is { Length: > 0 } given ? given : cluster.IsEnabled(parse) ? [] : ["."];
            var fix = fixOptions.Requested(parse, inputs);
            var audit = auditOptions.Formatter(parse, parse.GetValue(format)!);
            var baseDirectory = io.WorkingDirectory;
            var config = CheckWorkflow.LoadConfig(parse.GetValue(workflow.Config), baseDirectory);
            var (files, contextFiles, discoveryDiagnostics) = workflow.Files(parse, inputs, config, baseDirectory);
            List<string> all = [.. files, .. contextFiles];
            var fromStdin = inputs.Contains("-");
            var analysisOptions = config.ToAnalysisOptions(baseDirectory);
            var options = new LoadOptions
            {
                BaseDirectory = baseDirectory,
                MaxFileBytes = parse.GetValue(maxFileSize) is { } size ? ParseSize(size) : LoadOptions.DefaultMaxFileBytes,
            };
            var live = cluster.Read(parse, io);
            analysisOptions = analysisOptions with { Coverage = live?.Coverage };
            var load = Load(all, discoveryDiagnostics, fromStdin, io, options);
            load = live?.Merge(load) ?? load;
            var result = AnalysisEngine.Analyze(load, analysisOptions);
            int? fixExitCode = null;
            if (fix)
            {
                // Only the checked files are edited; context files are read, never fixed.
                (result, fixExitCode) = FixOptions.Run(result, files, fixOptions.DiffOnly(parse), overlay =>
                {
                    var fixedLoad = Load(all, discoveryDiagnostics, fromStdin, io, options with { Overlay = overlay });
                    return AnalysisEngine.Analyze(live?.Merge(fixedLoad) ?? fixedLoad, analysisOptions);
                }, io);
                load = result.Load;
                if (fixExitCode is not null && parse.GetValue(output) is null)
                {
                    return fixExitCode.Value;
                }
            }

            var (findings, notifications) = workflow.Select(parse, live?.Annotate(result.Findings) ?? result.Findings, files, config, baseDirectory);
            var chosen = parse.GetValue(format);
            // Text and annotations skip suppressed and baselined findings themselves (and count the suppressed ones).
            var shown = chosen == "sarif" && !parse.GetValue(workflow.IncludeSuppressed) ? [.. findings.Where(CheckWorkflow.IsLive)] : findings;
            var report = new ReportInput(
                shown,
                RuleCatalog.Descriptors,
                RuleCatalog.Documentation,
                load.Files.Length,
                load.Objects.Length,
                Cli.Version,
                baseDirectory)
            {
                Cluster = live?.Report,
                Notifications = [.. live?.Notifications ?? [], .. notifications],
            };
            if (audit is not null)
            {
                report = AuditOptions.Enrich(report, result, inputs);
            }

            IReportFormatter formatter = audit ?? chosen switch
            {
                "json" => new JsonFormatter(),
                "sarif" => new SarifFormatter(new SarifOptions { Category = parse.GetValue(category) }),
                "github" => new GitHubFormatter(),
                _ => new TextFormatter(),
            };
            if (formatter is SarifFormatter sarif)
            {
                (report, var notice) = SarifLimits.GitHub.Apply(report, sarif);
                if (notice is not null)
                {
                    io.Error.WriteLine($"meshlint: warning: {notice}");
                }
            }

            Write(formatter, report, parse.GetValue(output) is { } target ? Path.GetFullPath(target, baseDirectory) : null, io);
            if (fixExitCode is { } diffExitCode)
            {
                return diffExitCode;
            }

            return Threshold(parse.GetValue(failOn) ?? config.FailOn ?? "warning") is { } threshold && findings.Any(f => CheckWorkflow.IsLive(f) && f.Severity >= threshold)
                ? Cli.ExitFindings
                : Cli.ExitOk;
        });
        return command;
    }

    private static LoadResult Load(List<string> files, ImmutableArray<Finding> discoveryDiagnostics, bool fromStdin, ConsoleIo io, LoadOptions options)
    {
        var load = ManifestLoader.LoadFiles(files, options);
        if (!discoveryDiagnostics.IsEmpty)
        {
            load = load with { Diagnostics = discoveryDiagnostics.AddRange(load.Diagnostics) };
        }

        return fromStdin ? load.Concat(ManifestLoader.LoadStream("<stdin>", io.In, options)) : load;
    }

    /// <summary>"1048576", "512KB", "16MB", "1GB" (also KiB/MiB/GiB, K/M/G; case-insensitive) to bytes.</summary>
    internal static long ParseSize(string text)
    {
        var trimmed = text.Trim();
        var digits = 0;
        while (digits < trimmed.Length && char.IsAsciiDigit(trimmed[digits]))
        {
            digits++;
        }

        var unit = trimmed[digits..].Trim().ToUpperInvariant();
        long multiplier = unit switch
        {
            "" or "B" => 1,
            "K" or "KB" or "KIB" => 1024,
            "M" or "MB" or "MIB" => 1024 * 1024,
            "G" or "GB" or "GIB" => 1024 * 1024 * 1024,
            _ => 0,
        };
        if (digits == 0 || multiplier == 0 || !long.TryParse(trimmed.AsSpan(0, digits), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            || number <= 0 || number > long.MaxValue / multiplier)
        {
            throw new UsageException($"--max-file-size '{text}' is not a size; give bytes or a number with KB, MB or GB, such as 64MB");
        }

        return number * multiplier;
    }

    private static Severity? Threshold(string failOn) => failOn switch
    {
        "error" => Severity.Error,
        "warning" => Severity.Warning,
        "note" => Severity.Note,
        _ => null,
    };

    private static void Write(IReportFormatter formatter, ReportInput report, string? output, ConsoleIo io)
    {
        if (output is null)
        {
            formatter.Write(report, io.Out);
            io.Out.Flush();
            return;
        }

        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(output));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            using var writer = new StreamWriter(output, append: false, new UTF8Encoding(false));
            formatter.Write(report, writer);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write {output}: {ex.Message}");
        }
    }
}
