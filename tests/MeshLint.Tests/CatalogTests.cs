using System.Collections.Immutable;
using System.Text.RegularExpressions;
using MeshLint.Core.Rules;
using MeshLint.Engine;
using MeshLint.Loading;
using MeshLint.Reporting;
using MeshLint.Tests.Support;

namespace MeshLint.Tests;

/// <summary>The catalogue polices itself: one declaration per rule, and docs, fixtures and indexes that match it.</summary>
[TestClass]
public sealed partial class CatalogTests
{
    private const string ReadmeStart = "<!-- rules:start -->";
    private const string ReadmeEnd = "<!-- rules:end -->";

    [GeneratedRegex(@"^ML[1-49]\d{3}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[A-Z][A-Za-z0-9]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^(IST\d{4}|KIA\d{4})$")]
    private static partial Regex EquivalentPattern();

    [GeneratedRegex("```ya?ml\\r?\\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    private static bool UpdateDocs => Environment.GetEnvironmentVariable("MESHLINT_UPDATE_DOCS") == "1";

    public static IEnumerable<object[]> Descriptors() => RuleCatalog.Descriptors.Select(d => new object[] { d.Id });

    [TestMethod]
    public void Ids_AreUniqueAndWellFormed()
    {
        var descriptors = RuleCatalog.Descriptors;
        Assert.IsTrue(descriptors.Length > 0);
        foreach (var d in descriptors)
        {
            Assert.IsTrue(IdPattern().IsMatch(d.Id), $"{d.Id} is not ML followed by four digits");
            Assert.IsTrue(NamePattern().IsMatch(d.Name), $"{d.Id} name '{d.Name}' must be PascalCase");
            Assert.AreNotEqual(d.Id, d.Name);
        }

        var duplicateIds = descriptors.GroupBy(d => d.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var duplicateNames = descriptors.GroupBy(d => d.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.AreEqual(0, duplicateIds.Count, "duplicate ids: " + string.Join(", ", duplicateIds));
        Assert.AreEqual(0, duplicateNames.Count, "duplicate names: " + string.Join(", ", duplicateNames));
    }

    [TestMethod]
    [DynamicData(nameof(Descriptors))]
    public void Descriptor_IsComplete(string id)
    {
        var d = RuleCatalog.Find(id)!;
        Assert.IsFalse(string.IsNullOrWhiteSpace(d.Title), "title");
        Assert.IsFalse(d.Title.EndsWith('.'), "a title is not a sentence");
        Assert.IsTrue(d.Description.Length >= 40, "description is too short to explain why it matters");
        Assert.IsTrue(d.Remediation.Length >= 20, "remediation is too short to say how to fix");
        var prefix = d.Mesh switch { Mesh.Istio => "ML1", Mesh.Linkerd => "ML2", Mesh.Consul => "ML3", Mesh.Kubernetes => "ML4", _ => "ML9" };
        Assert.IsTrue(d.Id.StartsWith(prefix, StringComparison.Ordinal), $"{d.Id} is in the wrong range for mesh {d.Mesh}");
        if (d.Mesh != Mesh.Tool)
        {
            Assert.IsFalse(d.Inputs.IsDefaultOrEmpty, "a rule declares the kinds it reads");
        }

        if (d.Category == Category.Security)
        {
            Assert.IsNotNull(d.SecuritySeverity, "security rules carry a security-severity for GitHub");
        }

        if (d.SecuritySeverity is { } score)
        {
            Assert.IsTrue(score is > 0 and <= 10, "security-severity is in (0, 10]");
        }

        foreach (var code in d.EquivalentCodes)
        {
            Assert.IsTrue(EquivalentPattern().IsMatch(code), $"equivalent '{code}' is not an IST#### or KIA#### code");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Descriptors))]
    public void Rule_HasDocWithMatchingTitle(string id)
    {
        var d = RuleCatalog.Find(id)!;
        var path = Repo.PathOf("rules", id, "README.md");
        Assert.IsTrue(File.Exists(path), $"rules/{id}/README.md is missing");
        var firstLine = File.ReadLines(path).First();
        Assert.AreEqual($"# {id}: {d.Title}", firstLine, "the doc's title line comes from the descriptor");
        var doc = File.ReadAllText(path);
        foreach (var section in new[] { "## Why it matters", "## Bad", "## Good", "## Fix" })
        {
            Assert.IsTrue(doc.Contains(section, StringComparison.Ordinal), $"rules/{id}/README.md lacks '{section}'");
        }

        Assert.IsNotNull(RuleCatalog.Documentation(id), "the doc is embedded in the rules assembly");
    }

    [TestMethod]
    [DynamicData(nameof(Descriptors))]
    public void Rule_HasBadAndGoodFixtures(string id)
    {
        if (IsInternal(id))
        {
            return; // nothing in a manifest should trigger an internal error; EngineTests covers it
        }

        var dir = Repo.PathOf("fixtures", id);
        if (IsAboutFiles(id) && !Directory.Exists(dir))
        {
            return; // no committed file can show it (a size, a permission, a link): LoaderTests generate the cases
        }

        Assert.IsTrue(Directory.Exists(dir), $"fixtures/{id}/ is missing");
        var entries = Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).ToList();
        Assert.IsTrue(entries.Any(e => e!.StartsWith("good", StringComparison.Ordinal)), $"fixtures/{id} has no good case");
        Assert.IsTrue(entries.Any(e => e!.StartsWith("bad", StringComparison.Ordinal)), $"fixtures/{id} has no bad case");
        var marked = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .SelectMany(f => Markers.Parse(f, File.ReadAllText(f)))
            .Any(e => e.RuleId == id);
        Assert.IsTrue(marked, $"no fixture under fixtures/{id} expects {id}");
    }

    [TestMethod]
    public void NoOrphanDocsOrFixtures()
    {
        var ids = RuleCatalog.Descriptors.Select(d => d.Id).ToHashSet();
        var orphans = Directory.GetDirectories(Repo.PathOf("rules"), "ML*")
            .Concat(Directory.GetDirectories(Repo.PathOf("fixtures"), "ML*"))
            .Where(d => !ids.Contains(Path.GetFileName(d)))
            .ToList();
        Assert.AreEqual(0, orphans.Count, "folders for rules that do not exist: " + string.Join(", ", orphans));
    }

    [TestMethod]
    public void RulesIndex_IsGeneratedFromDescriptors()
    {
        var path = Repo.PathOf("rules", "README.md");
        var expected = RulesMarkdown.Document(RuleCatalog.Descriptors);
        if (UpdateDocs)
        {
            File.WriteAllText(path, expected);
        }

        Assert.AreEqual(expected, File.Exists(path) ? File.ReadAllText(path) : string.Empty,
            "rules/README.md is stale: run MESHLINT_UPDATE_DOCS=1 dotnet test MeshLint.sln --filter CatalogTests");
    }

    [TestMethod]
    public void ReadmeRulesTable_IsGeneratedFromDescriptors()
    {
        var path = Repo.PathOf("README.md");
        var readme = File.ReadAllText(path);
        var start = readme.IndexOf(ReadmeStart, StringComparison.Ordinal);
        var end = readme.IndexOf(ReadmeEnd, StringComparison.Ordinal);
        Assert.IsTrue(start >= 0 && end > start, "README.md has no rules:start/rules:end markers");
        var table = RulesMarkdown.Table(RuleCatalog.Descriptors).Replace("](ML", "](rules/ML", StringComparison.Ordinal);
        var generated = readme[..(start + ReadmeStart.Length)] + "\n" + table + readme[end..];
        if (UpdateDocs)
        {
            File.WriteAllText(path, generated);
            readme = generated;
        }

        Assert.AreEqual(generated, readme, "README.md rules table is stale: run MESHLINT_UPDATE_DOCS=1 dotnet test MeshLint.sln --filter CatalogTests");
    }

    [TestMethod]
    [DynamicData(nameof(Descriptors))]
    public void DocExamples_PassTheMarkerChecker(string id)
    {
        var path = Repo.PathOf("rules", id, "README.md");
        if (!File.Exists(path))
        {
            Assert.Fail($"rules/{id}/README.md is missing");
        }

        if (IsInternal(id))
        {
            return;
        }

        var doc = File.ReadAllText(path);
        if (IsAboutFiles(id) && !YamlBlock().IsMatch(Section(doc, "## Bad")))
        {
            return; // about a file's bytes or place, not its YAML: the doc shows a shell session instead
        }

        var bad = Section(doc, "## Bad");
        var good = Section(doc, "## Good");
        var badBlocks = YamlBlock().Matches(bad).Select(m => m.Groups["body"].Value).ToList();
        var goodBlocks = YamlBlock().Matches(good).Select(m => m.Groups["body"].Value).ToList();
        Assert.IsTrue(badBlocks.Count > 0 && goodBlocks.Count > 0, "the doc has a yaml example under Bad and under Good");
        foreach (var block in badBlocks.Concat(goodBlocks))
        {
            var name = $"{id}-example.yaml";
            var expected = Markers.Parse(name, block).ToList();
            var differences = UnitChecker.Compare(expected, UnitChecker.AnalyzeText(name, block));
            Assert.AreEqual(string.Empty, differences, $"rules/{id}/README.md example:{Environment.NewLine}{differences}");
        }

        Assert.IsTrue(badBlocks.SelectMany(b => Markers.Parse("x", b)).Any(e => e.RuleId == id), "the bad example marks the rule");
        Assert.IsFalse(goodBlocks.SelectMany(b => Markers.Parse("x", b)).Any(), "the good example is silent");
    }

    /// <summary>
    /// A rule may only depend on the kinds it declares: running it on its bad fixtures with every other kind
    /// removed must give the same findings.
    /// </summary>
    [TestMethod]
    [DynamicData(nameof(Descriptors))]
    public void DeclaredInputs_AreWhatTheRuleReads(string id)
    {
        var rule = RuleCatalog.Rules.FirstOrDefault(r => r.Descriptor.Id == id);
        if (rule is null)
        {
            return; // tool diagnostics (ML9xxx) come from the loader and engine, not from a rule
        }

        var inputs = rule.Descriptor.Inputs.ToHashSet(StringComparer.Ordinal);
        foreach (var unit in Directory.GetFileSystemEntries(Repo.PathOf("fixtures", id)))
        {
            var (files, _) = FileDiscovery.Discover([unit]);
            var load = ManifestLoader.LoadFiles(files, new LoadOptions { BaseDirectory = Repo.PathOf("fixtures", id) });
            var only = new AnalysisOptions { Rules = [rule] };
            var full = AnalysisEngine.Analyze(load, only).Findings.Select(f => $"{f.Location} {f.Message}").ToList();
            var restricted = load with { Objects = load.Objects.Where(o => inputs.Contains(o.Kind)).ToImmutableArray() };
            var partial = AnalysisEngine.Analyze(restricted, only).Findings.Select(f => $"{f.Location} {f.Message}").ToList();
            CollectionAssert.AreEqual(full, partial, $"{id} reads kinds it does not declare in Inputs ({Path.GetFileName(unit)})");
        }
    }

    private static bool IsInternal(string id) => RuleCatalog.Find(id)!.AllTags.Contains("internal");

    /// <summary>Tool diagnostics about a file rather than its content (tag "file"): size, encoding, permissions, links.</summary>
    private static bool IsAboutFiles(string id) => RuleCatalog.Find(id)!.AllTags.Contains("file");

    private static string Section(string doc, string heading)
    {
        var start = doc.IndexOf(heading, StringComparison.Ordinal);
        if (start < 0)
        {
            return string.Empty;
        }

        var next = doc.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return next < 0 ? doc[start..] : doc[start..next];
    }
}
