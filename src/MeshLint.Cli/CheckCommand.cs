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

        var command = new Command("check", "Check manifests and report findings.") { paths, format, output, failOn, category };
        var fixOptions = new FixOptions();
        fixOptions.AddTo(command);
        var cluster = new ClusterCommandOptions();
        cluster.AddTo(command);
        command.SetAction(parse =>
        {
            var inputs = parse.GetValue(paths) is { Length: > 0 } given ? given : cluster.IsEnabled(parse) ? [] : ["."];
            var fix = fixOptions.Requested(parse, inputs);
            var baseDirectory = Directory.GetCurrentDirectory();
            var live = cluster.Read(parse, io);
            var load = Load(inputs, io, baseDirectory);
            load = live?.Merge(load) ?? load;
            var analysisOptions = new AnalysisOptions { Coverage = live?.Coverage };
            var result = AnalysisEngine.Analyze(load, analysisOptions);
            int? fixExitCode = null;
            if (fix)
            {
                (result, fixExitCode) = FixOptions.Run(result, inputs, fixOptions.DiffOnly(parse), overlay =>
                {
                    var fixedLoad = Load(inputs, io, baseDirectory, overlay);
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

    private static LoadResult Load(string[] inputs, ConsoleIo io, string baseDirectory, IReadOnlyDictionary<string, string>? overlay = null)
    {
        var options = new LoadOptions { BaseDirectory = baseDirectory, Overlay = overlay };
        var fromStdin = inputs.Contains("-");
        var (files, missing) = FileDiscovery.Discover(inputs.Where(p => p != "-"));
        if (missing.Count > 0)
        {
            throw new UsageException($"no such file or folder: {string.Join(", ", missing)}");
        }

        var load = ManifestLoader.LoadFiles(files, options);
        if (fromStdin)
        {
            var stdin = ManifestLoader.LoadText("<stdin>", io.In.ReadToEnd(), options);
            load = new LoadResult(load.Objects.AddRange(stdin.Objects), load.Diagnostics.AddRange(stdin.Diagnostics), load.Files.AddRange(stdin.Files));
        }

        return load;
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
