using System.Collections.Immutable;
using System.Text.RegularExpressions;
using MeshLint.Core.Rules;
using MeshLint.Engine;
using MeshLint.Loading;

namespace MeshLint.Tests.Support;

public static class Repo
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MeshLint.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("MeshLint.sln not found above the test assembly");
    });

    public static string Root => LazyRoot.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);
}

/// <summary>An expectation written in a manifest: <c># expect: ML1001, ML1202 "weights"</c> at the end of a line.</summary>
public sealed record Expectation(string File, int Line, string RuleId, string? Fragment)
{
    public override string ToString() => $"{File}:{Line} {RuleId}{(Fragment is null ? string.Empty : $" \"{Fragment}\"")}";
}

public static partial class Markers
{
    [GeneratedRegex(@"#\s*expect:\s*(?<list>.+?)\s*$")]
    private static partial Regex MarkerLine();

    [GeneratedRegex("(?<id>ML\\d{4})(\\s+\"(?<fragment>[^\"]*)\")?")]
    private static partial Regex MarkerItem();

    public static IEnumerable<Expectation> Parse(string file, string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var match = MarkerLine().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            foreach (Match item in MarkerItem().Matches(match.Groups["list"].Value))
            {
                var fragment = item.Groups["fragment"].Success ? item.Groups["fragment"].Value : null;
                yield return new Expectation(file, i + 1, item.Groups["id"].Value, fragment);
            }
        }
    }
}

/// <summary>Runs MeshLint on a unit (a file or a folder) alone, with every rule, and compares with its markers.</summary>
public static class UnitChecker
{
    public static ImmutableArray<Finding> Analyze(string unitPath, AnalysisOptions? options = null)
    {
        var baseDirectory = Directory.Exists(unitPath) ? unitPath : Path.GetDirectoryName(unitPath)!;
        var discovery = FileDiscovery.Discover([unitPath], baseDirectory);
        var load = ManifestLoader.Load(discovery, new LoadOptions { BaseDirectory = baseDirectory });
        var clusterFrom = discovery.Files.ToDictionary(f => ManifestLoader.DisplayPath(f, baseDirectory), f => ClusterStateLine(ReadOrEmpty(f)), StringComparer.Ordinal);
        return AnalysisEngine.Analyze(AsClusterState(load, obj => clusterFrom.GetValueOrDefault(obj.Origin.File)), options).Findings;
    }

    public static ImmutableArray<Finding> AnalyzeText(string name, string text, AnalysisOptions? options = null)
    {
        var load = ManifestLoader.LoadText(name, text);
        var clusterFrom = ClusterStateLine(text);
        return AnalysisEngine.Analyze(AsClusterState(load, _ => clusterFrom), options).Findings;
    }

    /// <summary>
    /// Fixture and doc-example convention for live and drift rules: in a file, the documents after a line
    /// <c># meshlint-fixture: cluster</c> stand for what a cluster returned. They are loaded as live objects (their
    /// origin names a cluster) but keep their file spans, so markers work on both sides.
    /// </summary>
    public const string ClusterStateMarker = "# meshlint-fixture: cluster";

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static int? ClusterStateLine(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() == ClusterStateMarker)
            {
                return i + 1;
            }
        }

        return null;
    }

    private static LoadResult AsClusterState(LoadResult load, Func<MeshLint.Core.Model.MeshObject, int?> markerLine) =>
        load with
        {
            Objects = load.Objects
                .Select(o => markerLine(o) is { } line && o.Header.Kind.Span.StartLine > line
                    ? o with { Header = o.Header with { Origin = o.Header.Origin with { Cluster = "fixture" } } }
                    : o)
                .ToImmutableArray(),
        };

    public static List<Expectation> ExpectationsOf(string unitPath)
    {
        var baseDirectory = Directory.Exists(unitPath) ? unitPath : Path.GetDirectoryName(unitPath)!;
        var (files, _) = FileDiscovery.Discover([unitPath]);
        return files
            .SelectMany(f => Markers.Parse(Path.GetRelativePath(baseDirectory, f).Replace('\\', '/'), File.ReadAllText(f)))
            .ToList();
    }

    /// <summary>Empty when findings equal the expectations exactly; otherwise a readable list of differences.</summary>
    public static string Compare(IReadOnlyList<Expectation> expected, IEnumerable<Finding> findings)
    {
        var actual = findings.Where(f => !f.IsSuppressed).ToList();
        var unmatched = new List<Finding>(actual);
        var problems = new List<string>();
        foreach (var expectation in expected)
        {
            var hit = unmatched.FirstOrDefault(f =>
                f.RuleId == expectation.RuleId &&
                f.Location.StartLine == expectation.Line &&
                (f.Location.File == expectation.File || f.Location.File.EndsWith("/" + expectation.File, StringComparison.Ordinal) || f.Location.File == string.Empty) &&
                (expectation.Fragment is null || f.Message.Contains(expectation.Fragment, StringComparison.Ordinal)));
            if (hit is null)
            {
                problems.Add($"missing: {expectation}");
            }
            else
            {
                unmatched.Remove(hit);
            }
        }

        problems.AddRange(unmatched.Select(f => $"unexpected: {f.Location.File}:{f.Location.StartLine}:{f.Location.StartColumn} {f.RuleId} {f.Message}"));
        return string.Join(Environment.NewLine, problems);
    }
}
