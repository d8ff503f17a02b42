using System.Collections.Immutable;
using MeshLint.Core.Index;
using MeshLint.Core.Rules;
using MeshLint.Loading;

namespace MeshLint.Engine.Configuration;

/// <summary>Rule levels for the files some globs match (an entry of <c>overrides</c>).</summary>
public sealed record ConfigOverride(PathGlobs Files, ImmutableDictionary<string, RuleLevel> Rules);

/// <summary>A cluster whose manifests share the repository with others' (an entry of <c>clusters</c>): its name and files.</summary>
public sealed record ConfigCluster(string Name, PathGlobs Paths);

/// <summary>The contents of .meshlint.yaml, validated; <see cref="Default"/> when there is no file.</summary>
public sealed record MeshLintConfig
{
    public const string FileName = ".meshlint.yaml";

    public static MeshLintConfig Default { get; } = new();

    /// <summary>The file it was read from, or null for the defaults.</summary>
    public string? Source { get; init; }

    /// <summary>The folder globs and the baseline path are relative to: the config file's folder.</summary>
    public string Directory { get; init; } = System.IO.Directory.GetCurrentDirectory();

    public PathGlobs? Include { get; init; }

    public PathGlobs? Exclude { get; init; }

    public ImmutableDictionary<string, RuleLevel> Rules { get; init; } = ImmutableDictionary<string, RuleLevel>.Empty;

    public ImmutableArray<ConfigOverride> Overrides { get; init; } = ImmutableArray<ConfigOverride>.Empty;

    /// <summary>Clusters analysed each as its own mesh, with the files no cluster claims as their common base; empty: one mesh.</summary>
    public ImmutableArray<ConfigCluster> Clusters { get; init; } = ImmutableArray<ConfigCluster>.Empty;

    /// <summary>error, warning, note or none; null when the file does not say.</summary>
    public string? FailOn { get; init; }

    /// <summary>Absolute path of the baseline file, or null.</summary>
    public string? Baseline { get; init; }

    public MeshSettings Mesh { get; init; } = MeshSettings.Default;

    /// <summary>Whether a file found in a folder is checked: it matches <c>include</c> (when given) and not <c>exclude</c>.</summary>
    public bool Accepts(string fullPath) =>
        (Include is null || Include.Matches(fullPath) || !IsUnder(fullPath)) && (Exclude is null || !Exclude.Matches(fullPath));

    /// <summary>The engine options this configuration means, for display paths relative to <paramref name="baseDirectory"/>.</summary>
    public AnalysisOptions ToAnalysisOptions(string baseDirectory)
    {
        var disabled = Rules.Where(r => r.Value == RuleLevel.Off).Select(r => r.Key).ToImmutableHashSet(StringComparer.Ordinal);
        var severities = Rules
            .Where(r => r.Value is RuleLevel.Note or RuleLevel.Warning or RuleLevel.Error)
            .ToImmutableDictionary(r => r.Key, r => ToSeverity(r.Value), StringComparer.Ordinal);
        var overrides = Overrides
            .Select(o => new PathOverride(file => o.Files.Matches(FullPath(file, baseDirectory)), o.Rules))
            .ToImmutableArray();
        var clusters = Clusters
            .Select(c => new ClusterScope(c.Name, file => c.Paths.Matches(FullPath(file, baseDirectory))))
            .ToImmutableArray();
        return new AnalysisOptions { Settings = Mesh, DisabledRules = disabled, SeverityOverrides = severities, PathOverrides = overrides, Clusters = clusters };
    }

    /// <summary>Files in the <paramref name="files"/> list that the configuration accepts.</summary>
    public List<string> Filter(IEnumerable<string> files) => files.Where(f => Accepts(f)).ToList();

    private bool IsUnder(string fullPath)
    {
        var relative = Path.GetRelativePath(Directory, fullPath);
        return !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }

    private static string FullPath(string displayPath, string baseDirectory) =>
        Path.IsPathRooted(displayPath) ? displayPath : Path.GetFullPath(Path.Combine(baseDirectory, displayPath));

    private static Severity ToSeverity(RuleLevel level) => level switch
    {
        RuleLevel.Error => Severity.Error,
        RuleLevel.Warning => Severity.Warning,
        _ => Severity.Note,
    };

    /// <summary>The configuration for a run: <paramref name="explicitPath"/>, else .meshlint.yaml in <paramref name="startDirectory"/> or a parent.</summary>
    public static MeshLintConfig Load(string? explicitPath, string startDirectory)
    {
        var path = explicitPath is not null ? Path.GetFullPath(explicitPath, startDirectory) : Find(startDirectory);
        if (path is null)
        {
            return Default with { Directory = Path.GetFullPath(startDirectory) };
        }

        if (!File.Exists(path))
        {
            throw new ConfigException(new Core.Model.SourceSpan(path, 0, 0, 0, 0), "the configuration file does not exist", "check the --config path");
        }

        var display = ManifestLoader.DisplayPath(path, startDirectory);
        return ConfigReader.Read(File.ReadAllText(path), display, Path.GetDirectoryName(path)!) with { Source = path };
    }

    /// <summary>The nearest .meshlint.yaml from <paramref name="directory"/> upward, or null.</summary>
    public static string? Find(string directory)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(directory)); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
