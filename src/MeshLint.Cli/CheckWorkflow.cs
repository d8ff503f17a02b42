using System.Collections.Immutable;
using System.CommandLine;
using MeshLint.Core.Rules;
using MeshLint.Engine;
using MeshLint.Engine.Baselines;
using MeshLint.Engine.Configuration;
using MeshLint.Loading;
using MeshLint.Reporting;

namespace MeshLint.Cli;

/// <summary>
/// The options and steps of <c>check</c> that fit MeshLint into a workflow: configuration, repository context for
/// pre-commit, baselines and what goes into logs meant for upload. Kept apart from CheckCommand so other options
/// (cluster, fixes, reports) can grow there without touching these.
/// </summary>
internal sealed class CheckWorkflow
{
    public const string RepoContext = "repo";

    public Option<string?> Config { get; } = new("--config", "-c")
    {
        Description = $"Configuration file (default: the nearest {MeshLintConfig.FileName} from the working directory upward).",
    };

    public Option<string?> Baseline { get; } = new("--baseline")
    {
        Description = "Report only findings that are not in this baseline (made by 'meshlint baseline create'); the configuration's 'baseline' by default.",
    };

    public Option<string[]> Context { get; } = new("--with-context")
    {
        Description = "Also load these paths, for cross-resource rules, but report only findings in the checked paths. "
            + "'repo' loads the whole git repository (honouring include/exclude); pre-commit uses it.",
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<bool> IncludeSuppressed { get; } = new("--include-suppressed")
    {
        Description = "Keep suppressed findings (with SARIF suppressions) and baseline-matched ones (unchanged, absent) in SARIF. "
            + "Off by default: GitHub code scanning opens an alert for every result it is sent, whatever its suppressions or baselineState.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(Baseline);
        command.Options.Add(Context);
        command.Options.Add(IncludeSuppressed);
    }

    /// <summary>The files to check and, with <c>--with-context</c>, the files loaded only as context (all absolute).</summary>
    public (List<string> Files, List<string> Context, ImmutableArray<Finding> Diagnostics) Files(ParseResult parse, IEnumerable<string> inputs, MeshLintConfig config, string workingDirectory)
    {
        var context = parse.GetValue(Context) ?? [];
        var diagnostics = ImmutableArray.CreateBuilder<Finding>();
        var files = Discover(inputs.Where(p => p != "-").Select(p => Path.GetFullPath(p, workingDirectory)), config, filterNamedFiles: context.Length > 0, workingDirectory, diagnostics);
        var contextFiles = context.Length > 0
            ? ContextFiles([.. context.Select(c => c == RepoContext ? c : Path.GetFullPath(c, workingDirectory))], config, workingDirectory, files)
            : [];
        return (files, contextFiles, diagnostics.ToImmutable());
    }

    /// <summary>The findings to report: compared with the baseline when there is one, and only those in the checked files with <c>--with-context</c>.</summary>
    public (ImmutableArray<Finding> Findings, ImmutableArray<string> Notifications) Select(
        ParseResult parse, ImmutableArray<Finding> findings, IEnumerable<string> files, MeshLintConfig config, string workingDirectory)
    {
        var (compared, notifications) = ApplyBaseline(findings, parse.GetValue(Baseline) ?? config.Baseline, workingDirectory);
        if (parse.GetValue(Context) is { Length: > 0 })
        {
            var scope = files.Select(f => ManifestLoader.DisplayPath(f, workingDirectory)).Append("<stdin>").ToHashSet(StringComparer.Ordinal);
            compared = FindingScope.Keep(compared, scope);
        }

        return (compared, notifications);
    }

    public static MeshLintConfig LoadConfig(string? path, string workingDirectory)
    {
        try
        {
            return MeshLintConfig.Load(path, workingDirectory);
        }
        catch (ConfigException ex)
        {
            throw new UsageException(ex.Hint is null ? ex.Message : $"{ex.Message}{Environment.NewLine}  hint: {ex.Hint.Replace("\n", Environment.NewLine + "  ", StringComparison.Ordinal)}");
        }
    }

    /// <summary>
    /// The files to check: named files as given (in context mode the configuration filters them too, as pre-commit names
    /// every changed YAML file), and the files in named folders that the configuration accepts.
    /// </summary>
    public static List<string> Discover(
        IEnumerable<string> inputs, MeshLintConfig config, bool filterNamedFiles, string workingDirectory, ImmutableArray<Finding>.Builder? diagnostics = null)
    {
        var named = new List<string>();
        var folders = new List<string>();
        foreach (var input in inputs)
        {
            // A dangling or looping link named directly is a file: the loader reports it (ML9025).
            (File.Exists(input) || (!Directory.Exists(input) && new FileInfo(input).LinkTarget is not null) ? named : folders).Add(input);
        }

        var discovery = FileDiscovery.Discover(folders, workingDirectory);
        diagnostics?.AddRange(discovery.Diagnostics);
        var (found, missing) = discovery;
        if (missing.Count > 0)
        {
            throw new UsageException($"no such file or folder: {string.Join(", ", missing)}");
        }

        var files = config.Filter(found);
        foreach (var file in named.Select(Path.GetFullPath))
        {
            if ((!filterNamedFiles || config.Accepts(file)) && !files.Contains(file, StringComparer.Ordinal) && !IsConfigFile(file))
            {
                files.Add(file);
            }
        }

        return files;
    }

    /// <summary>Files loaded only as context: the repository or the given paths, minus the checked files.</summary>
    public static List<string> ContextFiles(string[] context, MeshLintConfig config, string workingDirectory, IReadOnlyCollection<string> checkedFiles)
    {
        var roots = context.Select(c => c == RepoContext ? GitRoot(workingDirectory) : c).ToList();
        var (found, missing) = FileDiscovery.Discover(roots, workingDirectory);
        if (missing.Count > 0)
        {
            throw new UsageException($"no such context file or folder: {string.Join(", ", missing)}");
        }

        var skip = checkedFiles.ToHashSet(StringComparer.Ordinal);
        return config.Filter(found).Where(f => !skip.Contains(f)).ToList();
    }

    public static string GitRoot(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
            {
                return dir.FullName;
            }
        }

        throw new UsageException($"--with-context {RepoContext} needs a git repository, and {directory} is not in one");
    }

    /// <summary>With a baseline: every finding gets its state, and absent ones are added; notifications say what is not shown.</summary>
    public static (ImmutableArray<Finding> Findings, ImmutableArray<string> Notifications) ApplyBaseline(ImmutableArray<Finding> findings, string? path, string workingDirectory)
    {
        if (path is null)
        {
            return (findings, []);
        }

        Baseline baseline;
        try
        {
            baseline = Engine.Baselines.Baseline.Read(Path.GetFullPath(path, workingDirectory));
        }
        catch (BaselineException ex)
        {
            throw new UsageException(ex.Message);
        }

        var compared = baseline.Compare(findings);
        var unchanged = compared.Count(f => f.BaselineState == BaselineState.Unchanged && !f.IsSuppressed);
        var absent = compared.Count(f => f.BaselineState == BaselineState.Absent);
        var shown = ManifestLoader.DisplayPath(Path.GetFullPath(path, workingDirectory), workingDirectory);
        var notes = ImmutableArray.CreateBuilder<string>();
        if (unchanged > 0)
        {
            notes.Add($"{unchanged} finding{(unchanged == 1 ? " is" : "s are")} in the baseline {shown} and not reported.");
        }

        if (absent > 0)
        {
            notes.Add($"{absent} baseline finding{(absent == 1 ? " no longer occurs" : "s no longer occur")}; run 'meshlint baseline create' to drop {(absent == 1 ? "it" : "them")} from {shown}.");
        }

        return (compared, notes.ToImmutable());
    }

    /// <summary>Findings that count toward the exit code and appear in text: not suppressed, and new when there is a baseline.</summary>
    public static bool IsLive(Finding finding) => !finding.IsSuppressed && finding.BaselineState is null or BaselineState.New;

    private static bool IsConfigFile(string fullPath) =>
        string.Equals(Path.GetFileName(fullPath), MeshLintConfig.FileName, StringComparison.Ordinal);
}
