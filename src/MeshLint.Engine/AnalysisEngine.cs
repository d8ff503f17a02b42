using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using MeshLint.Engine.Fixes;
using MeshLint.Loading;

namespace MeshLint.Engine;

public sealed record AnalysisOptions
{
    public MeshSettings Settings { get; init; } = MeshSettings.Default;

    /// <summary>Rule ids to leave out.</summary>
    public ImmutableHashSet<string> DisabledRules { get; init; } = ImmutableHashSet<string>.Empty;

    /// <summary>Severity per rule id, over the rule's default.</summary>
    public ImmutableDictionary<string, Severity> SeverityOverrides { get; init; } = ImmutableDictionary<string, Severity>.Empty;

    /// <summary>The rules to run; all of them when null.</summary>
    public IReadOnlyList<IRule>? Rules { get; init; }

    /// <summary>What a live read covered, for the drift rules; null when no cluster was read or it is unknown.</summary>
    public ClusterCoverage? Coverage { get; init; }

    /// <summary>Rule settings for some files (the configuration's <c>overrides</c>), applied in order after the global ones.</summary>
    public ImmutableArray<PathOverride> PathOverrides { get; init; } = ImmutableArray<PathOverride>.Empty;

    /// <summary>
    /// The clusters whose manifests share the repository (the configuration's <c>clusters</c>). When given, each is
    /// analysed as a mesh of its own: the repo files it contains plus the common files, those no cluster contains.
    /// Empty: every repo object belongs to one mesh.
    /// </summary>
    public ImmutableArray<ClusterScope> Clusters { get; init; } = ImmutableArray<ClusterScope>.Empty;

    /// <summary>Honour <c>meshlint-ignore</c> comments and <c>meshlint.io/ignore</c> annotations (and report bad or unused ones).</summary>
    public bool InSourceSuppressions { get; init; } = true;
}

/// <summary>What a path override does to a rule: turn it off, on (default severity) or on at a severity.</summary>
public enum RuleLevel
{
    Off,
    On,
    Note,
    Warning,
    Error,
}

/// <summary>Rule levels for the files <see cref="AppliesTo"/> accepts (by the finding's display path).</summary>
public sealed record PathOverride(Func<string, bool> AppliesTo, ImmutableDictionary<string, RuleLevel> Rules);

/// <summary>A cluster of the configuration's <c>clusters</c>: its name, and the files (by display path) <see cref="Contains"/> accepts.</summary>
public sealed record ClusterScope(string Name, Func<string, bool> Contains);

/// <summary>The findings, the index of every repo object (every object when no cluster was read) and what was loaded.</summary>
public sealed record AnalysisResult(ImmutableArray<Finding> Findings, MeshIndex Index, LoadResult Load);

/// <summary>Indexes the loaded model once, runs every rule over it in parallel and returns sorted, fingerprinted findings.</summary>
public static class AnalysisEngine
{
    public static AnalysisResult Analyze(LoadResult load, AnalysisOptions? options = null)
    {
        options ??= new AnalysisOptions();
        var rules = (options.Rules ?? RuleCatalog.Rules).Where(r => MayRun(r.Descriptor.Id, options)).ToArray();

        // Repo and cluster together: each is judged on its own (a repo object and its cluster copy are not two
        // objects of one mesh), then the cluster pass also sees the repo for the drift rules. Configured clusters
        // split the repo side only: the cluster pass judges what one API server returned, against every repo object.
        var observed = load.Objects.Where(o => o.Origin.IsLive).ToImmutableArray();
        var split = !observed.IsEmpty && observed.Length < load.Objects.Length;
        var repo = split ? load.Objects.Where(o => !o.Origin.IsLive).ToImmutableArray() : load.Objects;
        var index = new MeshIndex(repo, options.Settings);
        var perRule = options.Clusters.IsDefaultOrEmpty
            ? RunAll(rules, new RuleContext(index) { Coverage = options.Coverage })
            : RunPerCluster(rules, repo, options);
        if (split)
        {
            var cluster = new MeshIndex(observed, options.Settings);
            var repoFindings = perRule.SelectMany(f => f).Select(f => (f.RuleId, f.Object, f.Message)).ToHashSet();
            var live = RunAll(rules, new RuleContext(cluster) { Declared = index, Coverage = options.Coverage });

            // What the repo already shows once is not shown again for the cluster's copy.
            perRule = [.. perRule, .. live.Select(findings => findings.Where(f => !repoFindings.Contains((f.RuleId, f.Object, f.Message))).ToImmutableArray())];
        }

        var all = new List<Finding>(load.Diagnostics.Length + perRule.Sum(r => r.Length));
        all.AddRange(load.Diagnostics);
        foreach (var findings in perRule)
        {
            all.AddRange(findings);
        }

        var adjusted = Adjust(all, options).ToList();
        if (options.InSourceSuppressions)
        {
            var ran = rules.Select(r => r.Descriptor.Id).Concat(ToolRules.All.Select(d => d.Id)).ToHashSet(StringComparer.Ordinal);
            var before = adjusted.Count;
            var suppressed = Suppressions.InSourceSuppressions.Apply(load, adjusted, (ruleId, file) => ran.Contains(ruleId) && Level(ruleId, file, options).Enabled);
            // The suppressions' own findings (ML9010, ML9011) come after the rule findings and follow the configuration too.
            adjusted = [.. suppressed.Take(before), .. Adjust(suppressed.Skip(before), options)];
        }

        return new AnalysisResult(Fingerprint(FixResolver.Resolve(Sort(adjusted), load.Files)), index, load);
    }

    private static ImmutableArray<Finding>[] RunAll(IRule[] rules, RuleContext context)
    {
        var perRule = new ImmutableArray<Finding>[rules.Length];
        Parallel.For(0, rules.Length, i => perRule[i] = Run(rules[i], context));
        return perRule;
    }

    /// <summary>
    /// Each configured cluster is a mesh of its own files and the common ones, indexed and checked on its own. The same
    /// finding from several clusters (one in a common file, most often) is kept once, naming every cluster that found it.
    /// </summary>
    private static ImmutableArray<Finding>[] RunPerCluster(IRule[] rules, ImmutableArray<MeshObject> repo, AnalysisOptions options)
    {
        var owners = repo
            .Select(o => o.Origin.File)
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(file => file, file => options.Clusters.Where(c => c.Contains(file)).Select(c => c.Name).ToImmutableHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var merged = new Dictionary<(string RuleId, ObjectRef? Object, SourceSpan Location, string Message), int>();
        var findings = new List<Finding>();
        foreach (var cluster in options.Clusters)
        {
            var objects = repo.Where(o => owners[o.Origin.File] is var owner && (owner.IsEmpty || owner.Contains(cluster.Name)));
            foreach (var finding in RunAll(rules, new RuleContext(new MeshIndex(objects, options.Settings)) { Coverage = options.Coverage }).SelectMany(f => f))
            {
                var identity = (finding.RuleId, finding.Object, finding.Location, finding.Message);
                if (merged.TryGetValue(identity, out var at))
                {
                    findings[at] = findings[at] with { ClusterScopes = findings[at].ClusterScopes.Add(cluster.Name) };
                }
                else
                {
                    merged[identity] = findings.Count;
                    findings.Add(finding with { ClusterScopes = [cluster.Name] });
                }
            }
        }

        return [[.. findings]];
    }

    /// <summary>A rule runs unless it is off everywhere: off globally and turned on by no path override.</summary>
    private static bool MayRun(string ruleId, AnalysisOptions options) =>
        !options.DisabledRules.Contains(ruleId) || options.PathOverrides.Any(o => o.Rules.TryGetValue(ruleId, out var level) && level != RuleLevel.Off);

    /// <summary>Global settings, then each matching path override in order; findings of rules that are off for their file are dropped.</summary>
    private static IEnumerable<Finding> Adjust(IEnumerable<Finding> findings, AnalysisOptions options)
    {
        foreach (var finding in findings)
        {
            var (enabled, severity) = Level(finding.RuleId, finding.Location.File, options);
            if (enabled)
            {
                var effective = severity ?? finding.Severity;
                yield return effective == finding.Severity ? finding : finding with { Severity = effective };
            }
        }
    }

    private static (bool Enabled, Severity? Severity) Level(string ruleId, string file, AnalysisOptions options)
    {
        var enabled = !options.DisabledRules.Contains(ruleId);
        Severity? severity = options.SeverityOverrides.TryGetValue(ruleId, out var global) ? global : null;
        foreach (var pathOverride in options.PathOverrides)
        {
            if (!pathOverride.Rules.TryGetValue(ruleId, out var level) || !pathOverride.AppliesTo(file))
            {
                continue;
            }

            enabled = level != RuleLevel.Off;
            severity = level switch
            {
                RuleLevel.Note => Severity.Note,
                RuleLevel.Warning => Severity.Warning,
                RuleLevel.Error => Severity.Error,
                _ => severity,
            };
        }

        return (enabled, severity);
    }

    /// <summary>A rule that throws yields one ML9004 finding; the run and the other rules go on.</summary>
    private static ImmutableArray<Finding> Run(IRule rule, RuleContext context)
    {
        try
        {
            return rule.Evaluate(context).ToImmutableArray();
        }
        catch (Exception ex)
        {
            var descriptor = ToolRules.RuleFailure;
            return
            [
                new Finding(descriptor.Id, descriptor.DefaultSeverity,
                    $"Rule {rule.Descriptor.Id} ({rule.Descriptor.Name}) failed with {ex.GetType().Name}: {ex.Message}; its findings are incomplete.",
                    SourceSpan.None, null),
            ];
        }
    }

    public static ImmutableArray<Finding> Sort(IEnumerable<Finding> findings) =>
        findings
            .OrderBy(f => f.Location.File, StringComparer.Ordinal)
            .ThenBy(f => f.Location.StartLine)
            .ThenBy(f => f.Location.StartColumn)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Object?.ToString(), StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal)
            .ToImmutableArray();

    /// <summary>
    /// A finding's fingerprint hashes what it is about (rule, object, message) and not where it is, so it survives
    /// edits above it, moving the object within or across files and reformatting. Equal triples are numbered.
    /// </summary>
    internal static ImmutableArray<Finding> Fingerprint(ImmutableArray<Finding> findings)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var builder = ImmutableArray.CreateBuilder<Finding>(findings.Length);
        foreach (var finding in findings)
        {
            var identity = finding.Object is { } obj
                ? $"{finding.RuleId}\n{obj}\n{finding.Message}"
                : $"{finding.RuleId}\n{finding.Location.File}\n{finding.Message}";
            seen.TryGetValue(identity, out var occurrence);
            seen[identity] = occurrence + 1;
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{identity}\n{occurrence}"));
            builder.Add(finding with { Fingerprint = Convert.ToHexStringLower(hash.AsSpan(0, 16)) });
        }

        return builder.MoveToImmutable();
    }
}
