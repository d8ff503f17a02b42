using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using MeshLint.Core.Rules;
using MeshLint.Engine;
using MeshLint.Loading;
using MeshLint.Reporting;

namespace MeshLint.Tests;

/// <summary>Absurd scale: tens of thousands of findings from one run still make one valid SARIF log.</summary>
[TestClass]
public sealed class ScaleTests
{
    private const int Objects = 10_000;

    private static readonly Lazy<(ImmutableArray<Finding> Findings, int ObjectCount)> Result = new(() =>
    {
        // Each Service has three unquoted label values (ML9002): three findings per object.
        var text = new StringBuilder();
        for (var i = 0; i < Objects; i++)
        {
            text.Append("---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-").Append(i)
                .Append("\n  namespace: team-").Append(i % 97).Append("\n  labels:\n    tier: 3\n    canary: true\n    weight: 0.5\n");
        }

        var load = ManifestLoader.LoadText("many \u00e9 findings.yaml", text.ToString());
        return (AnalysisEngine.Analyze(load).Findings, load.Objects.Length);
    });

    [TestMethod]
    public void ThirtyThousandFindings_MakeValidSarif()
    {
        var (findings, objectCount) = Result.Value;
        Assert.AreEqual(Objects * 3, findings.Length);
        var input = new ReportInput(findings, RuleCatalog.Descriptors, RuleCatalog.Documentation, 1, objectCount, "0.0.0", Directory.GetCurrentDirectory());
        using var writer = new StringWriter();
        new SarifFormatter().Write(input, writer);
        var sarif = writer.ToString();

        using var json = JsonDocument.Parse(sarif);
        Assert.AreEqual("2.1.0", json.RootElement.GetProperty("version").GetString());
        var run = json.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.AreEqual(findings.Length, results.Count);
        var fingerprints = new HashSet<string>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            var index = result.GetProperty("ruleIndex").GetInt32();
            Assert.AreEqual(rules[index], result.GetProperty("ruleId").GetString());
            var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            Assert.IsTrue(location.GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
            Assert.AreEqual("many%20%C3%A9%20findings.yaml", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.IsTrue(fingerprints.Add(result.GetProperty("partialFingerprints").GetProperty(SarifFormatter.FingerprintKey).GetString()!), "fingerprints are unique");
        }
    }

    [TestMethod]
    public void ThirtyThousandFindings_MakeValidJsonAndText()
    {
        var (findings, objectCount) = Result.Value;
        var input = new ReportInput(findings, RuleCatalog.Descriptors, RuleCatalog.Documentation, 1, objectCount, "0.0.0", Directory.GetCurrentDirectory());
        using var json = new StringWriter();
        new JsonFormatter().Write(input, json);
        using var document = JsonDocument.Parse(json.ToString());
        Assert.AreEqual(findings.Length, document.RootElement.GetProperty("findings").GetArrayLength());

        using var text = new StringWriter();
        new TextFormatter().Write(input, text);
        Assert.AreEqual(findings.Length + 2, text.ToString().TrimEnd('\n').Split('\n').Length);
    }
}
