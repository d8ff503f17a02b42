using System.Text.Json;
using MeshLint.Engine;
using MeshLint.Engine.Configuration;
using MeshLint.Tests.Support;

namespace MeshLint.Tests.Workflow;

/// <summary>Several clusters' manifests in one repository (the configuration's <c>clusters</c>): each cluster is a mesh of its own files and the common ones.</summary>
[TestClass]
public sealed class ClusterScopeTests
{
    private const string EastAndWest = """
        clusters:
          - name: east
            paths: ["clusters/east/**"]
          - name: west
            paths: ["clusters/west/**"]

        """;

    private sealed record Seen(string RuleId, string File, string[] Clusters)
    {
        public override string ToString() => $"{RuleId} {File} [{string.Join(", ", Clusters)}]";
    }

    /// <summary>
    /// base/ is deployed to every cluster: a Service, its Deployment and a DestinationRule with subset v1. Each cluster
    /// folder holds the same VirtualService routing to that subset; east also has a PERMISSIVE PeerAuthentication.
    /// </summary>
    private static TempTree GitOpsRepo(string? config = null)
    {
        var tree = new TempTree();
        tree.Write("base/reviews.yaml", string.Join("---\n", Manifests.Namespace, Manifests.Service, Manifests.Deployment, Manifests.DestinationRule))
            .Write("clusters/east/reviews.yaml", Manifests.VirtualService)
            .Write("clusters/west/reviews.yaml", Manifests.VirtualService)
            .Write("clusters/east/mtls.yaml", Manifests.PeerAuthentication("default", "shop", "PERMISSIVE"));
        if (config is not null)
        {
            tree.Write(".meshlint.yaml", config);
        }

        return tree;
    }

    private static List<Seen> Json(TempTree tree, params string[] args)
    {
        var run = CliRunner.Invoke(tree.Root, ["check", "--format", "json", .. args]);
        Assert.AreEqual(1, run.Exit, run.ToString());
        using var document = JsonDocument.Parse(run.Out);
        return [.. document.RootElement.GetProperty("findings").EnumerateArray().Select(f => new Seen(
            f.GetProperty("ruleId").GetString()!,
            f.GetProperty("location").GetProperty("file").GetString()!,
            f.TryGetProperty("clusters", out var clusters) ? [.. clusters.EnumerateArray().Select(c => c.GetString()!)] : []))];
    }

    private static void AssertSeen(IEnumerable<string> expected, IEnumerable<Seen> findings) =>
        CollectionAssert.AreEquivalent(expected.ToList(), findings.Select(f => f.ToString()).ToList(), string.Join(Environment.NewLine, findings));

    [TestMethod]
    public void SameVirtualServiceInTwoClusterFolders_ConflictsAsOneMesh()
    {
        using var tree = GitOpsRepo();
        AssertSeen(
            [
                "ML1101 base/reviews.yaml []",
                "ML1001 clusters/east/mtls.yaml []",
                "ML1201 clusters/west/reviews.yaml []",
            ],
            Json(tree));
    }

    [TestMethod]
    public void SameVirtualServiceInTwoClusters_IsNoConflict_AndResolvesItsSubsetThroughTheBase()
    {
        using var tree = GitOpsRepo(EastAndWest);
        AssertSeen(
            [
                "ML1101 base/reviews.yaml [east, west]",
                "ML1001 clusters/east/mtls.yaml [east]",
            ],
            Json(tree));
    }

    [TestMethod]
    public void TextOutput_IsTheSameLinesWithClusters()
    {
        using var tree = GitOpsRepo();
        var single = CliRunner.Invoke(tree.Root, "check").Out.Split('\n');
        tree.Write(".meshlint.yaml", EastAndWest);
        var scoped = CliRunner.Invoke(tree.Root, "check").Out.Split('\n');
        CollectionAssert.AreEqual(
            single.Where(line => !line.Contains("ML1201", StringComparison.Ordinal) && !line.Contains("finding", StringComparison.Ordinal)).ToList(),
            scoped.Where(line => !line.Contains("finding", StringComparison.Ordinal)).ToList(),
            "only the false conflict goes; the other lines are unchanged (no cluster names in text)");
    }

    [TestMethod]
    public void SubsetDefinedForOneCluster_IsMissingInTheOther()
    {
        using var tree = GitOpsRepo(EastAndWest);
        tree.Write("base/reviews.yaml", string.Join("---\n", Manifests.Namespace, Manifests.Service, Manifests.Deployment))
            .Write("clusters/west/subsets.yaml", Manifests.DestinationRule);
        var findings = Json(tree);
        Assert.AreEqual("ML1203 clusters/east/reviews.yaml [east]", findings.Single(f => f.RuleId == "ML1203").ToString(), "west's DestinationRule is not east's");
    }

    [TestMethod]
    public void FileMatchingSeveralClusters_BelongsToThemOnly()
    {
        using var tree = GitOpsRepo();
        tree.Write(".meshlint.yaml", """
            clusters:
              - name: east
                paths: ["clusters/east/**", "regional/**"]
              - name: west
                paths: ["clusters/west/**", "regional/**"]
              - name: central
                paths: ["clusters/central/**"]

            """)
            .Write("regional/mtls.yaml", Manifests.PeerAuthentication("regional", "billing", "PERMISSIVE"));
        var findings = Json(tree);
        Assert.AreEqual("ML1001 regional/mtls.yaml [east, west]", findings.Single(f => f.File == "regional/mtls.yaml").ToString());
        Assert.AreEqual("ML1101 base/reviews.yaml [east, west, central]", findings.Single(f => f.RuleId == "ML1101").ToString());
    }

    [TestMethod]
    public void SuppressionInACommonFile_CoversEveryCluster_AndBaselinesMatch()
    {
        using var tree = GitOpsRepo(EastAndWest);
        tree.Write("base/mtls.yaml", Manifests.PeerAuthentication("legacy", "billing", "PERMISSIVE # meshlint-ignore ML1001 -- terminals cannot do mTLS"));
        var run = CliRunner.Invoke(tree.Root, "check");
        Assert.IsFalse(run.Out.Contains("base/mtls.yaml", StringComparison.Ordinal), "suppressed in both clusters, and not unused (ML9011): " + run);
        StringAssert.Contains(run.Out, "1 suppressed");

        Assert.AreEqual(0, CliRunner.Invoke(tree.Root, "baseline", "create", "-o", "baseline.json").Exit);
        var checkedAgainst = CliRunner.Invoke(tree.Root, "check", "--baseline", "baseline.json");
        Assert.AreEqual(0, checkedAgainst.Exit, checkedAgainst.ToString());
        StringAssert.Contains(checkedAgainst.Out, "2 findings are in the baseline");
    }

    [TestMethod]
    public void NoClusters_AddNoClusterProperty()
    {
        using var tree = GitOpsRepo();
        Assert.IsFalse(CliRunner.Invoke(tree.Root, "check", "--format", "json").Out.Contains("\"clusters\"", StringComparison.Ordinal));
        Assert.IsFalse(CliRunner.Invoke(tree.Root, "check", "--format", "sarif").Out.Contains("\"clusters\"", StringComparison.Ordinal));
    }

    [TestMethod]
    public void Sarif_NamesTheClustersOfEachResult_AndStaysValid()
    {
        SarifValidator.RequireTools();
        using var tree = GitOpsRepo(EastAndWest);
        var run = CliRunner.Invoke(tree.Root, "check", "--format", "sarif", "-o", "out.sarif");
        Assert.AreEqual(1, run.Exit, run.ToString());
        var clusters = SuppressionTests.Results(tree.Read("out.sarif")).EnumerateArray().ToDictionary(
            r => r.GetProperty("ruleId").GetString()!,
            r => string.Join(",", r.GetProperty("properties").GetProperty("clusters").EnumerateArray().Select(c => c.GetString())));
        CollectionAssert.AreEquivalent(new Dictionary<string, string> { ["ML1101"] = "east,west", ["ML1001"] = "east" }, clusters);
        var report = SarifValidator.Validate(tree.PathOf("out.sarif"));
        Assert.AreEqual(0, report.Errors + report.Warnings, string.Join(Environment.NewLine, report.Problems));
    }

    [TestMethod]
    public void LiveObjects_AreCheckedAsBefore_BesideTheClusters()
    {
        // The cluster's copy of east's policy runs PERMISSIVE. Clusters split the repo side only: the live pass (drift
        // included) sees every repo object, as without clusters.
        using var tree = GitOpsRepo();
        tree.Write("clusters/east/mtls.yaml", Manifests.PeerAuthentication("default", "shop", "STRICT") + UnitChecker.ClusterStateMarker + "\n---\n"
            + Manifests.PeerAuthentication("default", "shop", "PERMISSIVE"));
        List<string> Analyze(AnalysisOptions options) =>
            [.. UnitChecker.Analyze(tree.Root, options).Select(f => $"{f.RuleId} {f.Location.File}:{f.Location.StartLine} [{string.Join(", ", f.ClusterScopes)}]")];
        var single = Analyze(new AnalysisOptions());
        var scoped = Analyze(ConfigReader.Read(EastAndWest, ".meshlint.yaml", tree.Root).ToAnalysisOptions(tree.Root));

        CollectionAssert.Contains(single, "ML1201 clusters/west/reviews.yaml:8 []");
        CollectionAssert.Contains(scoped, "ML4210 clusters/east/mtls.yaml:7 []", "drift is found by the live pass");
        CollectionAssert.Contains(scoped, "ML1001 clusters/east/mtls.yaml:18 []", "the cluster's own object is judged by the live pass");
        CollectionAssert.AreEquivalent(
            single.Where(f => !f.StartsWith("ML1201", StringComparison.Ordinal)).ToList(),
            scoped.Select(f => f.Replace(" [east, west]", " []", StringComparison.Ordinal)).ToList(),
            "the same findings but the false conflict: " + string.Join(Environment.NewLine, scoped));
    }

    [TestMethod]
    public void Clusters_AreReadWithGlobsRelativeToTheConfig()
    {
        var config = ConfigReader.Read(EastAndWest, ".meshlint.yaml", "/repo");
        CollectionAssert.AreEqual(new[] { "east", "west" }, config.Clusters.Select(c => c.Name).ToList());
        var scopes = config.ToAnalysisOptions("/repo/clusters").Clusters;
        Assert.IsTrue(scopes[0].Contains("east/reviews.yaml"), "display paths are relative to the working directory");
        Assert.IsFalse(scopes[0].Contains("west/reviews.yaml"));
        Assert.IsFalse(scopes[1].Contains("../base/reviews.yaml"));
        Assert.IsTrue(ConfigReader.Read("clusters: []", ".meshlint.yaml", "/repo").ToAnalysisOptions("/repo").Clusters.IsEmpty);
    }

    [TestMethod]
    public void Check_WithRepeatedClusterName_ExitsTwoNamingFileLineAndHint()
    {
        using var tree = GitOpsRepo(EastAndWest.Replace("name: west", "name: east", StringComparison.Ordinal));
        var run = CliRunner.Invoke(tree.Root, "check");
        Assert.AreEqual(2, run.Exit, run.ToString());
        StringAssert.Contains(run.Error, ".meshlint.yaml:4:11: cluster 'east' is declared twice (first at line 2)");
        StringAssert.Contains(run.Error, "hint: give each cluster its own name");
    }
}
