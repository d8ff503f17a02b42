using System.CommandLine;
using MeshLint.Engine;
using MeshLint.Engine.Baselines;
using MeshLint.Loading;

namespace MeshLint.Cli;

/// <summary><c>meshlint baseline create</c>: record today's findings so <c>check --baseline</c> reports only new ones.</summary>
internal static class BaselineCommand
{
    public const string DefaultFile = "meshlint-baseline.json";

    public static Command Create(ConsoleIo io)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Files or folders to check (default: the current folder).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string?>("--output", "-o") { Description = $"Where to write the baseline (default: the configuration's 'baseline', else {DefaultFile})." };
        var workflow = new CheckWorkflow();
        var create = new Command("create", "Record the current findings (not those suppressed in source) as accepted.") { paths, output, workflow.Config };
        create.SetAction(parse =>
        {
            var baseDirectory = io.WorkingDirectory;
            var config = CheckWorkflow.LoadConfig(parse.GetValue(workflow.Config), baseDirectory);
            var inputs = parse.GetValue(paths) is { Length: > 0 } given ? given : ["."];
            var files = CheckWorkflow.Discover(inputs.Select(p => Path.GetFullPath(p, baseDirectory)), config, filterNamedFiles: false, baseDirectory);
            var load = ManifestLoader.LoadFiles(files, new LoadOptions { BaseDirectory = baseDirectory });
            var result = AnalysisEngine.Analyze(load, config.ToAnalysisOptions(baseDirectory));
            var baseline = Baseline.Create(result.Findings);
            var target = Path.GetFullPath(parse.GetValue(output) ?? config.Baseline ?? DefaultFile, baseDirectory);
            try
            {
                baseline.Write(target);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot write {target}: {ex.Message}");
            }

            var count = baseline.Entries.Length;
            io.Out.WriteLine($"Wrote {count} finding{(count == 1 ? string.Empty : "s")} to {ManifestLoader.DisplayPath(Path.GetFullPath(target), baseDirectory)}.");
            return Cli.ExitOk;
        });

        return new Command("baseline", "Accept today's findings so that 'check --baseline' reports only new ones.") { create };
    }
}
