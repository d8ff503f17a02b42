using System.Text.Json;
using MeshLint.Core.Rules;
using MeshLint.Engine.Baselines;
using MeshLint.Tests.Support;

namespace MeshLint.Tests.Workflow;

[TestClass]
public sealed class BaselineTests
{
    private const string Original = """
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: default
          namespace: shop
        spec:
          mtls:
            mode: PERMISSIVE
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: allow-all
          namespace: shop
        spec:
          action: ALLOW
          rules:
            - {}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: checkout
          namespace: shop
        spec:
          hosts:
            - checkout
          http:
            - route:
                - destination:
                    host: checkout
                  weight: 80
                - destination:
                    host: checkout
                  weight: 30
        """;

    // The same objects in another order, reformatted: flow style, other indentation, keys reordered, comments and blank lines added.
    private const string MovedAndReformatted = """
        # checkout routing
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {namespace: shop, name: checkout}
        spec:
            http:
            -   route:
                -   weight: 80
                    destination: {host: checkout}
                -   destination:
                        host: checkout
                    weight: 30
            hosts: [checkout]
        ---


        kind: PeerAuthentication
        apiVersion: security.istio.io/v1
        metadata:
            namespace: shop
            name: default
        spec: {mtls: {mode: PERMISSIVE}}
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: allow-all
          namespace: shop
        spec:
          rules: [{}]
          action: ALLOW
        """;

    private static List<Finding> Analyze(string text) => [.. UnitChecker.AnalyzeText("mesh.yaml", text)];

    [TestMethod]
    public void Fingerprints_SurviveMovingAndReformatting()
    {
        var before = Analyze(Original);
        var after = Analyze(MovedAndReformatted);
        Assert.IsTrue(before.Count >= 3, string.Join("; ", before));
        CollectionAssert.AreEquivalent(before.Select(f => f.RuleId).ToList(), after.Select(f => f.RuleId).ToList());
        CollectionAssert.AreNotEqual(before.Select(f => f.Location.StartLine).ToList(), after.Select(f => f.Location.StartLine).ToList(), "the findings did move");
        CollectionAssert.AreEquivalent(before.Select(f => f.Fingerprint).ToList(), after.Select(f => f.Fingerprint).ToList());
    }

    [TestMethod]
    public void Fingerprints_ChangeWhenTheProblemChanges()
    {
        var before = Analyze(Original).Single(f => f.RuleId == "ML1202");
        var after = Analyze(Original.Replace("weight: 30", "weight: 40", StringComparison.Ordinal)).Single(f => f.RuleId == "ML1202");
        Assert.AreNotEqual(before.Fingerprint, after.Fingerprint);
        var renamed = Analyze(Original.Replace("name: default", "name: other", StringComparison.Ordinal)).Single(f => f.RuleId == "ML1001");
        Assert.AreNotEqual(Analyze(Original).Single(f => f.RuleId == "ML1001").Fingerprint, renamed.Fingerprint);
    }

    [TestMethod]
    public void Compare_MarksNewUnchangedAndAbsent()
    {
        var baseline = Baseline.Create(Analyze(Original));
        var fixedAndAdded = Original.Replace("mode: PERMISSIVE", "mode: STRICT", StringComparison.Ordinal) + "\n---\n" + Manifests.PeerAuthentication("legacy", "billing", "PERMISSIVE");
        var compared = baseline.Compare(Analyze(fixedAndAdded));
        var absent = compared.Single(f => f.BaselineState == BaselineState.Absent);
        Assert.AreEqual("ML1001", absent.RuleId);
        Assert.AreEqual("PeerAuthentication/shop/default", absent.Object.ToString());
        Assert.AreEqual(8, absent.Location.StartLine);
        var added = compared.Single(f => f.BaselineState == BaselineState.New);
        Assert.AreEqual("PeerAuthentication/billing/legacy", added.Object.ToString());
        Assert.IsTrue(compared.Count(f => f.BaselineState == BaselineState.Unchanged) >= 2);
    }

    [TestMethod]
    public void Baseline_RoundTripsThroughItsFile()
    {
        using var tree = new TempTree();
        var baseline = Baseline.Create(Analyze(Original));
        baseline.Write(tree.PathOf("b.json"));
        var read = Baseline.Read(tree.PathOf("b.json"));
        CollectionAssert.AreEqual(baseline.Entries.ToList(), read.Entries.ToList());
        StringAssert.StartsWith(tree.Read("b.json"), "{\n  \"version\": 1,");
        tree.Write("bad.json", "{\"findings\": 3}");
        Assert.ThrowsExactly<BaselineException>(() => Baseline.Read(tree.PathOf("bad.json")));
    }

    [TestMethod]
    public void Cli_BaselineCreateThenCheck_ReportsOnlyNewFindings()
    {
        using var tree = new TempTree();
        tree.Write("deploy/mesh.yaml", Original);
        var create = CliRunner.Invoke(tree.Root, "baseline", "create", "--output", "meshlint-baseline.json");
        Assert.AreEqual(0, create.Exit, create.ToString());
        StringAssert.Contains(create.Out, "to meshlint-baseline.json");

        tree.Write("deploy/mesh.yaml", MovedAndReformatted);
        var clean = CliRunner.Invoke(tree.Root, "check", "--baseline", "meshlint-baseline.json");
        Assert.AreEqual(0, clean.Exit, "moving and reformatting adds nothing: " + clean);
        StringAssert.Contains(clean.Out, "are in the baseline meshlint-baseline.json and not reported");

        tree.Write("deploy/legacy.yaml", Manifests.PeerAuthentication("legacy", "billing", "PERMISSIVE"));
        var added = CliRunner.Invoke(tree.Root, "check", "--baseline", "meshlint-baseline.json");
        Assert.AreEqual(1, added.Exit, added.ToString());
        StringAssert.Contains(added.Out, "deploy/legacy.yaml:8:11: error ML1001");
        Assert.AreEqual(1, added.Out.Split('\n').Count(l => l.Contains(": error ", StringComparison.Ordinal) || l.Contains(": warning ", StringComparison.Ordinal)), added.Out);
    }

    [TestMethod]
    public void Cli_BaselineFromConfig_IsUsedByDefault()
    {
        using var tree = new TempTree();
        tree.Write(".meshlint.yaml", "baseline: .meshlint/baseline.json\n").Write("mesh.yaml", Original);
        Assert.AreEqual(2, CliRunner.Invoke(tree.Root, "check").Exit, "a configured baseline that does not exist is an error");
        Assert.AreEqual(0, CliRunner.Invoke(tree.Root, "baseline", "create").Exit);
        Assert.IsTrue(File.Exists(tree.PathOf(".meshlint/baseline.json")));
        Assert.AreEqual(0, CliRunner.Invoke(tree.Root, "check").Exit);
    }

    [TestMethod]
    public void Sarif_WithBaseline_CarriesBaselineState()
    {
        using var tree = new TempTree();
        tree.Write("mesh.yaml", Original);
        CliRunner.Invoke(tree.Root, "baseline", "create", "-o", "b.json");
        tree.Write("mesh.yaml", Original.Replace("mode: PERMISSIVE", "mode: STRICT", StringComparison.Ordinal) + "\n---\n" + Manifests.PeerAuthentication("legacy", "billing", "PERMISSIVE"));

        var upload = CliRunner.Invoke(tree.Root, "check", "--baseline", "b.json", "--format", "sarif");
        var states = SuppressionTests.Results(upload.Out).EnumerateArray().Select(r => r.GetProperty("baselineState").GetString()).ToList();
        CollectionAssert.AreEqual(new[] { "new" }, states, "a log for upload holds only new results");

        var full = CliRunner.Invoke(tree.Root, "check", "--baseline", "b.json", "--format", "sarif", "--include-suppressed");
        var all = SuppressionTests.Results(full.Out).EnumerateArray().Select(r => r.GetProperty("baselineState").GetString()).ToHashSet();
        CollectionAssert.AreEquivalent(new[] { "new", "unchanged", "absent" }, all.ToList());
    }

    [TestMethod]
    public void Json_WithBaseline_HasEveryFindingAndItsState()
    {
        using var tree = new TempTree();
        tree.Write("mesh.yaml", Original);
        CliRunner.Invoke(tree.Root, "baseline", "create", "-o", "b.json");
        var run = CliRunner.Invoke(tree.Root, "check", "--baseline", "b.json", "--format", "json");
        Assert.AreEqual(0, run.Exit, run.ToString());
        var findings = JsonDocument.Parse(run.Out).RootElement.GetProperty("findings");
        Assert.IsTrue(findings.EnumerateArray().All(f => f.GetProperty("baselineState").GetString() == "unchanged"));
    }
}
