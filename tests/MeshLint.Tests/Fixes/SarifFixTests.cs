using System.Text.Json;
using MeshLint.Core.Model;
using MeshLint.Engine;
using MeshLint.Engine.Fixes;
using MeshLint.Loading;
using MeshLint.Reporting;
using MeshLint.Tests.Support;

namespace MeshLint.Tests.Fixes;

/// <summary>SARIF <c>fixes</c> are exact: a consumer that applies them literally gets what <c>--fix</c> writes.</summary>
[TestClass]
public sealed class SarifFixTests
{
    private const string Manifests =
        "apiVersion: security.istio.io/v1\r\nkind: PeerAuthentication\r\nmetadata:\r\n  name: default\r\n  namespace: shop\r\nspec:\r\n" +
        "  mtls:\r\n    mode: 'PERMISSIVE' # migrating\r\n  portLevelMtls:\r\n    8080: {mode: \"DISABLE\"}\r\n---\r\n" +
        "apiVersion: networking.istio.io/v1\r\nkind: VirtualService\r\nmetadata:\r\n  name: checkout\r\n  namespace: shop\r\nspec:\r\n" +
        "  hosts: [checkout]\r\n  tcp:\r\n  - route:\r\n    - destination: {host: checkout, port: {number: 80}}\r\n      weight: 70\r\n" +
        "    - destination: {host: checkout, port: {number: 80}}\r\n      weight: 20";

    [TestMethod]
    public void SarifFixes_AppliedLiterally_GiveWhatFixWrites()
    {
        using var harness = new FixHarness();
        harness.Write("shop.yaml", Manifests);
        var (sarif, _) = Sarif(harness.Root);

        var edits = new List<TextEdit>();
        var source = new SourceText(Manifests);
        using var doc = JsonDocument.Parse(sarif);
        foreach (var result in doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray())
        {
            if (!result.TryGetProperty("fixes", out var fixes))
            {
                continue;
            }

            foreach (var change in fixes[0].GetProperty("artifactChanges").EnumerateArray())
            {
                Assert.AreEqual("shop.yaml", change.GetProperty("artifactLocation").GetProperty("uri").GetString());
                foreach (var replacement in change.GetProperty("replacements").EnumerateArray())
                {
                    var region = replacement.GetProperty("deletedRegion");
                    Assert.IsTrue(source.TryGetOffset(region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32(), out var start));
                    Assert.IsTrue(source.TryGetOffset(region.GetProperty("endLine").GetInt32(), region.GetProperty("endColumn").GetInt32(), out var end));
                    edits.Add(new TextEdit(start, end, replacement.GetProperty("insertedContent").GetProperty("text").GetString()!));
                }
            }
        }

        Assert.AreEqual(3, edits.Count, "ML1001 twice and ML1202 once");
        var literally = FixRunner.Apply(Manifests, edits);
        Assert.AreEqual(harness.Run().Files.Single().Fixed, literally);
        StringAssert.Contains(literally, "mode: 'STRICT' # migrating\r\n");
        StringAssert.Contains(literally, "{mode: \"STRICT\"}");
        StringAssert.EndsWith(literally, "weight: 30");
    }

    [TestMethod]
    public void SarifWithFixes_IsCleanUnderMultitoolAndSchema()
    {
        using var harness = new FixHarness();
        harness.Write("shop.yaml", Manifests);
        var (_, path) = Sarif(harness.Root);
        var report = SarifValidator.Validate(path);
        Assert.AreEqual(0, report.Errors, string.Join(Environment.NewLine, report.Problems));
        Assert.AreEqual(0, report.Warnings, string.Join(Environment.NewLine, report.Problems));
    }

    private static (string Text, string Path) Sarif(string root)
    {
        var (files, _) = FileDiscovery.Discover([root]);
        var load = ManifestLoader.LoadFiles(files, new LoadOptions { BaseDirectory = root });
        var result = AnalysisEngine.Analyze(load);
        var input = new ReportInput(result.Findings, RuleCatalog.Descriptors, RuleCatalog.Documentation, load.Files.Length, load.Objects.Length, "0.0.0-test", root);
        var path = Path.Combine(root, "out.sarif");
        using (var writer = new StreamWriter(path))
        {
            new SarifFormatter().Write(input, writer);
        }

        return (File.ReadAllText(path), path);
    }
}
