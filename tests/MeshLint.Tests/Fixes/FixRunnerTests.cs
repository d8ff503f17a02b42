using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Engine;
using MeshLint.Engine.Fixes;
using MeshLint.Loading;
using MeshLint.Tests.Support;

namespace MeshLint.Tests.Fixes;

/// <summary>Runs fixes in memory over files in a temporary folder.</summary>
internal sealed class FixHarness : IDisposable
{
    public FixHarness() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"meshlint-fix-{Guid.NewGuid():N}");

    public string Write(string name, string text)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public FixOutcome Run(Func<string, bool>? mayEdit = null, AnalysisOptions? options = null)
    {
        var (files, _) = FileDiscovery.Discover([Root]);
        AnalysisResult Analyze(IReadOnlyDictionary<string, string>? overlay) =>
            AnalysisEngine.Analyze(ManifestLoader.LoadFiles(files, new LoadOptions { BaseDirectory = Root, Overlay = overlay }), options);
        return FixRunner.Run(Analyze(null), mayEdit ?? (_ => true), Analyze);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

[TestClass]
public sealed class FixRunnerTests
{
    private const string Permissive = """
        # Billing still takes plaintext from the batch jobs.
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: default
          namespace: billing
        spec:
          mtls:
            mode: "PERMISSIVE"   # until the jobs have sidecars
          portLevelMtls:
            8080: {mode: 'DISABLE'}
        """;

    [TestMethod]
    public void Fix_ChangesOnlyTheOffendingValues_KeepingQuotesCommentsAndSpacing()
    {
        using var harness = new FixHarness();
        harness.Write("pa.yaml", Permissive);
        var outcome = harness.Run();
        var file = outcome.Files.Single();
        Assert.AreEqual(Permissive.Replace("\"PERMISSIVE\"", "\"STRICT\"", StringComparison.Ordinal).Replace("'DISABLE'", "'STRICT'", StringComparison.Ordinal), file.Fixed);
        Assert.AreEqual(2, file.FixCount);
        Assert.IsFalse(outcome.Result.Findings.Any(f => f.RuleId == "ML1001"), "the fixed text no longer has the findings");
    }

    [TestMethod]
    public void Fix_IsIdempotent()
    {
        using var harness = new FixHarness();
        var path = harness.Write("pa.yaml", Permissive);
        File.WriteAllText(path, harness.Run().Files.Single().Fixed);
        var again = harness.Run();
        Assert.AreEqual(0, again.Files.Length);
        Assert.AreEqual(0, again.FixCount);
    }

    [TestMethod]
    public void Fix_KeepsCrLfLineBreaks()
    {
        using var harness = new FixHarness();
        var crlf = Permissive.Replace("\n", "\r\n", StringComparison.Ordinal);
        harness.Write("pa.yaml", crlf);
        var fixedText = harness.Run().Files.Single().Fixed;
        Assert.AreEqual(crlf.Replace("\"PERMISSIVE\"", "\"STRICT\"", StringComparison.Ordinal).Replace("'DISABLE'", "'STRICT'", StringComparison.Ordinal), fixedText);
    }

    [TestMethod]
    public void Fix_NeverEditsAFileTheCallerDidNotAllow()
    {
        using var harness = new FixHarness();
        var named = harness.Write("named.yaml", Permissive);
        harness.Write("other.yaml", Permissive.Replace("billing", "ledger", StringComparison.Ordinal));
        var outcome = harness.Run(path => path == named);
        Assert.AreEqual(named, outcome.Files.Single().FullPath);
        Assert.IsTrue(outcome.Result.Findings.Any(f => f.RuleId == "ML1001" && f.Location.File == "other.yaml"), "the other file's findings are still reported");
    }

    [TestMethod]
    public void OverlappingFixes_AreAppliedOneAfterAnotherAcrossPasses()
    {
        using var harness = new FixHarness();
        harness.Write("pa.yaml", Permissive);
        var options = new AnalysisOptions { Rules = [new OverlappingFixes()] };
        var outcome = harness.Run(options: options);

        // Pass 1 takes the first of two overlapping fixes; pass 2 sees the new text and takes the next one.
        StringAssert.Contains(outcome.Files.Single().Fixed, "mode: \"STRICT-2\"   # until");
        Assert.AreEqual(2, outcome.Files.Single().FixCount);
    }

    [TestMethod]
    public void FixThatWouldBreakTheYaml_IsUndone()
    {
        using var harness = new FixHarness();
        harness.Write("pa.yaml", Permissive);
        var outcome = harness.Run(options: new AnalysisOptions { Rules = [new BreakingFix()] });
        Assert.AreEqual(0, outcome.Files.Length);
        Assert.AreEqual(1, outcome.Warnings.Length);
        StringAssert.Contains(outcome.Warnings[0], "invalid");
    }

    [TestMethod]
    public void FixThatNeverSettles_StopsAfterTheLastPass()
    {
        using var harness = new FixHarness();
        harness.Write("pa.yaml", Permissive);
        var outcome = harness.Run(options: new AnalysisOptions { Rules = [new EndlessFix()] });
        Assert.AreEqual(FixRunner.MaxPasses, outcome.Files.Single().FixCount);
        StringAssert.Contains(outcome.Warnings.Single(), "passes");
    }

    [TestMethod]
    [DynamicData(nameof(FixtureTests.Units), typeof(FixtureTests))]
    public void EveryFixInTheFixtures_RemovesItsFindingAndNothingElse(string unit)
    {
        using var harness = new FixHarness();
        var source = Repo.PathOf("fixtures", unit);
        if (Directory.Exists(source))
        {
            foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            {
                harness.Write(Path.GetRelativePath(source, file), File.ReadAllText(file));
            }
        }
        else
        {
            harness.Write(Path.GetFileName(source), File.ReadAllText(source));
        }

        var before = harness.Run(_ => false).Result.Findings;
        var outcome = harness.Run();
        // Suppressed findings are accepted as they are: --fix leaves them alone.
        var fixable = before.Where(f => !f.IsSuppressed && !f.Fixes.IsDefaultOrEmpty).Select(f => f.Fingerprint).ToHashSet();
        var after = outcome.Result.Findings;
        Assert.AreEqual(fixable.Count == 0, outcome.Files.IsEmpty, "files change exactly when something is fixable");
        Assert.IsFalse(after.Any(f => fixable.Contains(f.Fingerprint)), "every fixed finding is gone");
        Assert.IsFalse(after.Any(f => !f.IsSuppressed && !f.Fixes.IsDefaultOrEmpty), "no fix uncovers another fixable finding that was left");
        var toolErrors = after.Where(f => f.RuleId.StartsWith("ML9", StringComparison.Ordinal)).Select(f => f.Fingerprint).ToList();
        Assert.IsTrue(toolErrors.All(id => before.Any(f => f.Fingerprint == id)), "fixes leave manifests that parse and map as before");
        foreach (var file in outcome.Files)
        {
            File.WriteAllText(file.FullPath, file.Fixed);
        }

        Assert.AreEqual(0, harness.Run().Files.Length, "a second --fix changes nothing");
    }

    /// <summary>Two overlapping fixes for the same scalar, each renaming the value one step further.</summary>
    private sealed class OverlappingFixes : IRule
    {
        public RuleDescriptor Descriptor { get; } = Test("ML9991");

        public IEnumerable<Finding> Evaluate(RuleContext context)
        {
            foreach (var policy in context.Index.OfType<PeerAuthentication>())
            {
                if (policy.MtlsMode is { } mode && mode.Value != "STRICT-2")
                {
                    var next = mode.Value == "STRICT-1" ? "STRICT-2" : "STRICT-1";
                    yield return RuleContext.Report(Descriptor, policy, mode.Span, "a") with { Fixes = [new Fix("a", [FixEdits.SetScalar(mode, next)])] };
                    yield return RuleContext.Report(Descriptor, policy, mode.Span, "b") with { Fixes = [new Fix("b", [FixEdits.SetScalar(mode, next + "x")])] };
                }
            }
        }
    }

    private sealed class BreakingFix : IRule
    {
        public RuleDescriptor Descriptor { get; } = Test("ML9992");

        public IEnumerable<Finding> Evaluate(RuleContext context) =>
            context.Index.OfType<PeerAuthentication>()
                .Where(p => p.MtlsMode is not null)
                .Select(p => RuleContext.Report(Descriptor, p, p.MtlsMode!.Value.Span, "x") with
                {
                    Fixes = [new Fix("break", [new Replacement(p.MtlsMode!.Value.Span, "[unclosed")])],
                });
    }

    private sealed class EndlessFix : IRule
    {
        public RuleDescriptor Descriptor { get; } = Test("ML9993");

        public IEnumerable<Finding> Evaluate(RuleContext context) =>
            context.Index.OfType<PeerAuthentication>()
                .Where(p => p.MtlsMode is not null)
                .Select(p => RuleContext.Report(Descriptor, p, p.MtlsMode!.Value.Span, "x") with
                {
                    Fixes = [new Fix("grow", [FixEdits.SetScalar(p.MtlsMode!.Value, p.MtlsMode.Value.Value + "x")])],
                });
    }

    private static RuleDescriptor Test(string id) => new(
        Id: id, Name: "Test" + id, Mesh: Mesh.Tool, Category: Category.Configuration, Title: "test", Description: "test rule", Remediation: "none",
        DefaultSeverity: Severity.Warning, Inputs: ["PeerAuthentication"]);
}
