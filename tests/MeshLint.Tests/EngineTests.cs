using MeshLint.Core.Rules;
using MeshLint.Engine;
using MeshLint.Loading;

namespace MeshLint.Tests;

[TestClass]
public sealed class EngineTests
{
    private sealed class ThrowingRule : IRule
    {
        public RuleDescriptor Descriptor { get; } = new("ML1999", "Throws", Mesh.Istio, Category.Routing, "Throws", "A rule that always throws, for the test.", "Nothing to fix here.", Severity.Error, ["VirtualService"]);

        public IEnumerable<Finding> Evaluate(RuleContext context) => throw new InvalidOperationException("boom");
    }

    [TestMethod]
    public void ThrowingRule_BecomesOneFindingAndOtherRulesStillRun()
    {
        var load = ManifestLoader.LoadText("p.yaml", "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: d\n  namespace: a\nspec:\n  mtls:\n    mode: DISABLE\n");
        var rules = RuleCatalog.Rules.Append(new ThrowingRule()).ToList();
        var findings = AnalysisEngine.Analyze(load, new AnalysisOptions { Rules = rules }).Findings;
        var failure = findings.Single(f => f.RuleId == "ML9004");
        StringAssert.Contains(failure.Message, "ML1999");
        StringAssert.Contains(failure.Message, "boom");
        Assert.IsTrue(findings.Any(f => f.RuleId == "ML1001"));
    }

    [TestMethod]
    public void Findings_AreSortedAndDeterministic()
    {
        var load = ManifestLoader.LoadFiles(Loading.FileDiscovery.Discover([Support.Repo.PathOf("fixtures", "demo")]).Files);
        var first = AnalysisEngine.Analyze(load).Findings.Select(f => $"{f.Location} {f.RuleId} {f.Fingerprint}").ToList();
        var second = AnalysisEngine.Analyze(load).Findings.Select(f => $"{f.Location} {f.RuleId} {f.Fingerprint}").ToList();
        CollectionAssert.AreEqual(first, second);
        CollectionAssert.AreEqual(first.Order(StringComparer.Ordinal).ToList(), first.OrderBy(x => x, StringComparer.Ordinal).ToList());
    }

    [TestMethod]
    public void DisabledRulesAndSeverityOverrides_Apply()
    {
        var load = ManifestLoader.LoadText("p.yaml", "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: d\n  namespace: a\nspec:\n  mtls:\n    mode: DISABLE\n");
        var overridden = AnalysisEngine.Analyze(load, new AnalysisOptions { SeverityOverrides = System.Collections.Immutable.ImmutableDictionary<string, Severity>.Empty.Add("ML1001", Severity.Note) }).Findings;
        Assert.AreEqual(Severity.Note, overridden.Single().Severity);
        var disabled = AnalysisEngine.Analyze(load, new AnalysisOptions { DisabledRules = ["ML1001"] }).Findings;
        Assert.AreEqual(0, disabled.Length);
    }
}
