using System.CommandLine;
using System.Globalization;
using MeshLint.Engine;
using MeshLint.Engine.Fixes;
using MeshLint.Loading;
using MeshLint.Reporting;

namespace MeshLint.Cli;

/// <summary><c>check --fix</c> and <c>--fix --diff</c>: apply the mechanical fixes rules attach, or show them as a patch.</summary>
internal sealed class FixOptions
{
    private readonly Option<bool> fix = new("--fix")
    {
        Description = "Apply the fixes of mechanical findings in place, changing nothing else in the files. Only files named on the command line (or found under a named folder) are edited.",
    };

    private readonly Option<bool> diff = new("--diff")
    {
        Description = "With --fix: print the fixes as a unified diff on standard output instead of writing them; exit 1 when there is something to fix.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(fix);
        command.Options.Add(diff);
    }

    public bool Requested(ParseResult parse, IReadOnlyCollection<string> inputs)
    {
        var wanted = parse.GetValue(fix);
        if (parse.GetValue(diff) && !wanted)
        {
            throw new UsageException("--diff only goes with --fix (meshlint check --fix --diff PATHS)");
        }

        if (wanted && inputs.Contains("-"))
        {
            throw new UsageException("--fix edits files; it cannot fix manifests read from standard input");
        }

        return wanted;
    }

    public bool DiffOnly(ParseResult parse) => parse.GetValue(diff);

    /// <summary>
    /// Runs the fix passes and writes the files (or prints the diff). Returns the analysis of the fixed texts, which
    /// is what the report shows, and the exit code when <c>--diff</c> decides it.
    /// </summary>
    public static (AnalysisResult Result, int? ExitCode) Run(
        AnalysisResult first,
        IEnumerable<string> inputs,
        bool diffOnly,
        Func<IReadOnlyDictionary<string, string>, AnalysisResult> reanalyze,
        ConsoleIo io)
    {
        var (named, _) = FileDiscovery.Discover(inputs);
        var editable = new HashSet<string>(named, StringComparer.Ordinal);
        var outcome = FixRunner.Run(first, editable.Contains, reanalyze);
        foreach (var warning in outcome.Warnings)
        {
            io.Error.WriteLine($"meshlint: warning: {warning}");
        }

        if (diffOnly)
        {
            foreach (var file in outcome.Files)
            {
                io.Out.Write(UnifiedDiff.Create(file.DisplayPath, file.OriginalToShow, file.FixedToShow));
            }

            io.Out.Flush();
            return (outcome.Result, outcome.Files.IsEmpty ? Cli.ExitOk : Cli.ExitFindings);
        }

        var written = 0;
        var fixes = 0;
        AnalysisResult? result = outcome.Result;
        foreach (var file in outcome.Files)
        {
            if (FixWriter.Write(file) is { } problem)
            {
                io.Error.WriteLine($"meshlint: error: {problem}");
                result = null;
                continue;
            }

            written++;
            fixes += file.FixCount;
        }

        io.Error.WriteLine(written == 0
            ? "meshlint: nothing to fix."
            : $"meshlint: applied {Plural(fixes, "fix", "fixes")} in {Plural(written, "file", "files")}.");
        // When a file could not be written, report what is on disk rather than what would have been.
        return (result ?? reanalyze(new Dictionary<string, string>()), null);
    }

    private static string Plural(int count, string one, string many) => $"{count.ToString(CultureInfo.InvariantCulture)} {(count == 1 ? one : many)}";
}
