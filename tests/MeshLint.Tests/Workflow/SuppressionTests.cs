using System.Text.Json;
using MeshLint.Core.Rules;
using MeshLint.Engine;
using MeshLint.Tests.Support;

namespace MeshLint.Tests.Workflow;

[TestClass]
public sealed class SuppressionTests
{
    private static List<Finding> Analyze(string text, AnalysisOptions? options = null) => [.. UnitChecker.AnalyzeText("pa.yaml", text, options)];

    [TestMethod]
    public void CommentOnTheLine_SuppressesWithItsReason()
    {
        var findings = Analyze(Manifests.PeerAuthentication("default", "shop", "PERMISSIVE # meshlint-ignore ML1001 -- legacy clients (T-1)"));
        var finding = findings.Single();
        Assert.AreEqual("ML1001", finding.RuleId);
        Assert.AreEqual(SuppressionKind.InSource, finding.Suppression!.Kind);
        Assert.AreEqual("legacy clients (T-1)", finding.Suppression.Justification);
    }

    [TestMethod]
    public void CommentAbove_SkipsBlankAndCommentLines()
    {
        var text = """
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata:
              name: default
              namespace: shop
            spec:
              mtls:
                # meshlint-ignore ML1001, ML1202 -- clients migrate in June

                # (the ticket is T-9)
                mode: PERMISSIVE
            """;
        var findings = Analyze(text);
        Assert.IsTrue(findings.Single(f => f.RuleId == "ML1001").IsSuppressed);
        var unused = findings.Single(f => f.RuleId == "ML9011");
        StringAssert.Contains(unused.Message, "meshlint-ignore for ML1202 matches no finding on line 11", "each id of a comment must match something");
        Assert.AreEqual(8, unused.Location.StartLine, "reported where the comment is written");
    }

    [TestMethod]
    public void AnnotationWithSeveralEntries_SuppressesEach()
    {
        var annotations = """

              annotations:
                meshlint.io/ignore: |
                  ML1001: legacy clients send plaintext
                  ML1101: policies are applied by the platform team
            """;
        var findings = Analyze(Manifests.PeerAuthentication("default", "shop", "PERMISSIVE", annotations));
        Assert.IsTrue(findings.Single(f => f.RuleId == "ML1001").IsSuppressed, string.Join("; ", findings));
        Assert.AreEqual("legacy clients send plaintext", findings.Single(f => f.RuleId == "ML1001").Suppression!.Justification);
        var unused = findings.Single(f => f.RuleId == "ML9011");
        StringAssert.Contains(unused.Message, "ML1101");

        var semicolons = Analyze(Manifests.PeerAuthentication("default", "shop", "PERMISSIVE", "\n  annotations:\n    meshlint.io/ignore: \"ML1101: reviewed; see doc: x; ML1001: legacy\""));
        Assert.AreEqual("legacy", semicolons.Single(f => f.RuleId == "ML1001").Suppression!.Justification);
        StringAssert.Contains(semicolons.Single(f => f.RuleId == "ML9011").Message, "ML1101", "'; see doc: x' stays in the first reason");
    }

    [TestMethod]
    public void SuppressionForARuleThatIsOff_IsNotReportedAsUnused()
    {
        var text = Manifests.PeerAuthentication("default", "shop", "STRICT # meshlint-ignore ML1001 -- was permissive");
        Assert.AreEqual("ML9011", Analyze(text).Single().RuleId);
        var off = new AnalysisOptions { DisabledRules = ["ML1001"] };
        Assert.AreEqual(0, Analyze(text, off).Count);
        Assert.AreEqual(0, Analyze(text, new AnalysisOptions { DisabledRules = ["ML9011"] }).Count, "ML9011 itself can be turned off");
    }

    [TestMethod]
    public void SuppressionsCanBeTurnedOff()
    {
        var text = Manifests.PeerAuthentication("default", "shop", "PERMISSIVE # meshlint-ignore ML1001 -- legacy");
        var findings = Analyze(text, new AnalysisOptions { InSourceSuppressions = false });
        Assert.IsFalse(findings.Single().IsSuppressed);
    }

    [TestMethod]
    public void HashInsideAQuotedValue_IsNotAComment()
    {
        var text = Manifests.PeerAuthentication("default", "shop", "PERMISSIVE", "\n  labels:\n    note: \"x # meshlint-ignore ML1001 -- no\"");
        var findings = Analyze(text);
        Assert.IsFalse(findings.Single(f => f.RuleId == "ML1001").IsSuppressed);
        Assert.AreEqual(1, findings.Count);
    }

    [TestMethod]
    public void Sarif_LeavesSuppressedResultsOutByDefault_AndKeepsThemOnRequest()
    {
        using var tree = new TempTree();
        tree.Write("pa.yaml", Manifests.PeerAuthentication("default", "shop", "PERMISSIVE # meshlint-ignore ML1001 -- legacy clients"));
        var upload = CliRunner.Invoke(tree.Root, "check", "--format", "sarif");
        Assert.AreEqual(0, upload.Exit, upload.ToString());
        Assert.AreEqual(0, Results(upload.Out).GetArrayLength());

        var audit = CliRunner.Invoke(tree.Root, "check", "--format", "sarif", "--include-suppressed", "--output", "audit.sarif");
        Assert.AreEqual(0, audit.Exit, audit.ToString());
        var result = Results(tree.Read("audit.sarif")).EnumerateArray().Single();
        var suppression = result.GetProperty("suppressions").EnumerateArray().Single();
        Assert.AreEqual("inSource", suppression.GetProperty("kind").GetString());
        Assert.AreEqual("legacy clients", suppression.GetProperty("justification").GetString());
    }

    [TestMethod]
    public void Text_CountsSuppressedFindings()
    {
        using var tree = new TempTree();
        tree.Write("pa.yaml", Manifests.PeerAuthentication("default", "shop", "PERMISSIVE # meshlint-ignore ML1001 -- legacy clients"));
        var run = CliRunner.Invoke(tree.Root, "check");
        Assert.AreEqual(0, run.Exit, run.ToString());
        StringAssert.Contains(run.Out, "1 suppressed");
    }

    internal static JsonElement Results(string sarif) =>
        JsonDocument.Parse(sarif).RootElement.GetProperty("runs")[0].GetProperty("results");
}
