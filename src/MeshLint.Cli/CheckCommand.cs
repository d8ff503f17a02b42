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
        var format = new Option<string>("--format", "-f") { Description = "Output format: text, json or sarif.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of standard output." };
        var failOn = new Option<string>("--fail-on") { Description = "Exit with 1 when a finding at or above this severity remains: error, warning, note or none.", DefaultValueFactory = _ => "warning" };
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
        command.SetAction(parse =>
        {
            var inputs = parse.GetValue(paths) is { Length: > 0 } given ? given : cluster.IsEnabled(parse) ? [] : ["."];
            var fix = fixOptions.Requested(parse, inputs);
            var baseDirectory = Directory.GetCurrentDirectory();
            var options = new LoadOptions
            {
                BaseDirectory = baseDirectory,
                MaxFileBytes = parse.GetValue(maxFileSize) is { } size ? ParseSize(size) : LoadOptions.DefaultMaxFileBytes,
            };
            var live = cluster.Read(parse, io);
            var load = Load(inputs, io, options);
            load = live?.Merge(load) ?? load;
            var analysisOptions = new AnalysisOptions { Coverage = live?.Coverage };
            var result = AnalysisEngine.Analyze(load, analysisOptions);
            int? fixExitCode = null;
            if (fix)
            {
                (result, fixExitCode) = FixOptions.Run(result, inputs, fixOptions.DiffOnly(parse), overlay =>
                {
                    var fixedLoad = Load(inputs, io, options with { Overlay = overlay });
                    return AnalysisEngine.Analyze(live?.Merge(fixedLoad) ?? fixedLoad, analysisOptions);
                }, io);
                load = result.Load;
                if (fixExitCode is not null && parse.GetValue(output) is null)
                {
                    return fixExitCode.Value;
                }
            }

            var findings = live?.Annotate(result.Findings) ?? result.Findings;
            var report = new ReportInput(
                findings,
                RuleCatalog.Descriptors,
                RuleCatalog.Documentation,
                load.Files.Length,
                load.Objects.Length,
                Cli.Version,
                baseDirectory)
            {
                Cluster = live?.Report,
                Notifications = live?.Notifications ?? [],
            };
            IReportFormatter formatter = parse.GetValue(format) switch
            {
                "json" => new JsonFormatter(),
                "sarif" => new SarifFormatter(new SarifOptions { Category = parse.GetValue(category) }),
                _ => new TextFormatter(),
            };

            Write(formatter, report, parse.GetValue(output), io);
            if (fixExitCode is { } diffExitCode)
            {
                return diffExitCode;
            }

            return Threshold(parse.GetValue(failOn)!) is { } threshold && findings.Any(f => !f.IsSuppressed && f.Severity >= threshold)
                ? Cli.ExitFindings
                : Cli.ExitOk;
        });
        return command;
    }

    private static LoadResult Load(string[] inputs, ConsoleIo io, LoadOptions options)
    {
        var discovery = FileDiscovery.Discover(inputs.Where(p => p != "-"), options.BaseDirectory);
        if (discovery.Missing.Count > 0)
        {
            throw new UsageException($"no such file or folder: {string.Join(", ", discovery.Missing)}");
        }

        var load = ManifestLoader.Load(discovery, options);
        return inputs.Contains("-") ? load.Concat(ManifestLoader.LoadStream("<stdin>", io.In, options)) : load;
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
