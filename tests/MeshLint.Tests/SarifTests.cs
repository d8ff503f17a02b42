using System.Text.Json;
using MeshLint.Engine;
using MeshLint.Loading;
using MeshLint.Reporting;
using MeshLint.Tests.Support;

namespace MeshLint.Tests;

[TestClass]
public sealed class SarifTests
{
    private static (string Sarif, ReportInput Input) DemoLog(string directory)
    {
        var demo = Repo.PathOf("fixtures", "demo");
        var (files, _) = FileDiscovery.Discover([demo]);
        var load = ManifestLoader.LoadFiles(files, new LoadOptions { BaseDirectory = Repo.Root });
        var result = AnalysisEngine.Analyze(load);
        var input = new ReportInput(result.Findings, RuleCatalog.Descriptors, RuleCatalog.Documentation, load.Files.Length, load.Objects.Length, "0.0.0-test", Repo.Root);
        var path = Path.Combine(directory, "demo.sarif");
        using (var writer = new StreamWriter(path))
        {
            new SarifFormatter(new SarifOptions { Category = "meshlint" }).Write(input, writer);
        }

        return (path, input);
    }

    [TestMethod]
    public void DemoSarif_IsCleanUnderMultitoolAndSchema()
    {
        var directory = Directory.CreateTempSubdirectory("meshlint-sarif").FullName;
        var (path, _) = DemoLog(directory);
        var report = SarifValidator.Validate(path);
        Assert.AreEqual(0, report.Errors, string.Join(Environment.NewLine, report.Problems));
        Assert.AreEqual(0, report.Warnings, string.Join(Environment.NewLine, report.Problems));
    }

    [TestMethod]
    public void DemoSarif_CarriesRuleMetadataLocationsAndFingerprints()
    {
        var directory = Directory.CreateTempSubdirectory("meshlint-sarif").FullName;
        var (path, input) = DemoLog(directory);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var run = doc.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        var ml1001 = rules.EnumerateArray().Single(r => r.GetProperty("id").GetString() == "ML1001");
        Assert.AreEqual("PermissiveMtls", ml1001.GetProperty("name").GetString());
        Assert.AreEqual("7.5", ml1001.GetProperty("properties").GetProperty("security-severity").GetString());
        CollectionAssert.Contains(ml1001.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList(), "security");
        StringAssert.StartsWith(ml1001.GetProperty("help").GetProperty("markdown").GetString(), "# ML1001");
        Assert.IsTrue(ml1001.GetProperty("helpUri").GetString()!.EndsWith("rules/ML1001/README.md", StringComparison.Ordinal));

        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.AreEqual(input.Findings.Length, results.Count);
        var permissive = results.Single(r => r.GetProperty("ruleId").GetString() == "ML1001");
        Assert.AreEqual(ml1001.GetProperty("id").GetString(), rules[permissive.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
        var location = permissive.GetProperty("locations")[0];
        var physical = location.GetProperty("physicalLocation");
        Assert.AreEqual("fixtures/demo/security.yaml", physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.AreEqual("%SRCROOT%", physical.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        Assert.AreEqual(18, physical.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.AreEqual(11, physical.GetProperty("region").GetProperty("startColumn").GetInt32());
        Assert.AreEqual("PeerAuthentication/shop/default", location.GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString());
        Assert.IsTrue(permissive.GetProperty("partialFingerprints").TryGetProperty(SarifFormatter.FingerprintKey, out _));
        Assert.AreEqual("meshlint/", run.GetProperty("automationDetails").GetProperty("id").GetString());

        var conflict = results.Single(r => r.GetProperty("ruleId").GetString() == "ML1201");
        Assert.AreEqual("VirtualService/shop/storefront", conflict.GetProperty("relatedLocations")[0].GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString());
    }

    [TestMethod]
    public void Fingerprints_SurviveEditsAboveTheFinding()
    {
        const string policy = "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: shop\nspec:\n  mtls:\n    mode: PERMISSIVE\n";
        var before = UnitChecker.AnalyzeText("p.yaml", policy).Single();
        var after = UnitChecker.AnalyzeText("p.yaml", "# a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: unrelated\n---\n" + policy).Single();
        Assert.AreNotEqual(before.Location.StartLine, after.Location.StartLine);
        Assert.AreEqual(before.Fingerprint, after.Fingerprint);
    }
}
