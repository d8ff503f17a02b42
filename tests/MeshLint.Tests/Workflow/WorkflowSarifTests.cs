using System.Collections.Immutable;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using MeshLint.Engine;
using MeshLint.Reporting;
using MeshLint.Tests.Support;

namespace MeshLint.Tests.Workflow;

/// <summary>The logs the workflow features write stay clean under the SARIF Multitool (Sarif;Gh) and the JSON schema.</summary>
[TestClass]
public sealed class WorkflowSarifTests
{
    private const string Mesh = """
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: default
          namespace: shop
          annotations:
            meshlint.io/ignore: "ML1001: legacy clients send plaintext"
        spec:
          mtls:
            mode: PERMISSIVE
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: billing
          namespace: billing
        spec:
          mtls:
            mode: PERMISSIVE # meshlint-ignore ML1001 -- terminals cannot do mTLS
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: jobs
          namespace: jobs
        spec:
          mtls:
            mode: PERMISSIVE
        """;

    private static void AssertClean(string path)
    {
        var report = SarifValidator.Validate(path);
        Assert.AreEqual(0, report.Errors + report.Warnings, string.Join(Environment.NewLine, report.Problems));
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void SuppressionsAndBaselineStates_AreClean(bool includeSuppressed)
    {
        SarifValidator.RequireTools();
        using var tree = new TempTree();
        tree.Write("mesh.yaml", Mesh);
        CliRunner.Invoke(tree.Root, "baseline", "create", "-o", "b.json");
        tree.Write("mesh.yaml", Mesh.Replace("name: jobs\n  namespace: jobs\nspec:\n  mtls:\n    mode: PERMISSIVE", "name: jobs\n  namespace: jobs\nspec:\n  mtls:\n    mode: STRICT", StringComparison.Ordinal)
            + "\n---\n" + Manifests.PeerAuthentication("added", "web", "PERMISSIVE"));
        string[] args = ["check", "--format", "sarif", "--baseline", "b.json", "--sarif-category", "manifests", "-o", "out.sarif"];
        var run = CliRunner.Invoke(tree.Root, includeSuppressed ? [.. args, "--include-suppressed"] : args);
        Assert.AreEqual(1, run.Exit, run.ToString());
        var results = SuppressionTests.Results(tree.Read("out.sarif"));
        var states = results.EnumerateArray().Select(r => r.GetProperty("baselineState").GetString()).ToHashSet();
        var suppressed = results.EnumerateArray().Count(r => r.TryGetProperty("suppressions", out _));
        if (includeSuppressed)
        {
            CollectionAssert.AreEquivalent(new[] { "new", "absent" }, states.ToList());
            Assert.AreEqual(2, suppressed);
        }
        else
        {
            CollectionAssert.AreEquivalent(new[] { "new" }, states.ToList());
            Assert.AreEqual(0, suppressed);
        }

        AssertClean(tree.PathOf("out.sarif"));
    }

    [TestMethod]
    public void TruncatedLog_IsCleanAndCarriesItsNotification()
    {
        SarifValidator.RequireTools();
        using var tree = new TempTree();
        var findings = Enumerable.Range(0, 40)
            .Select(i => new Finding("ML1001", i < 5 ? Severity.Error : Severity.Note, $"finding {i}", new SourceSpan("mesh.yaml", i + 1, 1, i + 1, 5), new ObjectRef("PeerAuthentication", "shop", $"p{i}")))
            .ToImmutableArray();
        var input = new ReportInput(findings, RuleCatalog.Descriptors, RuleCatalog.Documentation, 1, 40, "0.1.0", tree.Root);
        var formatter = new SarifFormatter();
        var (trimmed, notice) = new SarifLimits(MaxResults: 10).Apply(input, formatter);
        Assert.IsNotNull(notice);
        using (var writer = new StreamWriter(tree.PathOf("out.sarif")))
        {
            formatter.Write(trimmed, writer);
        }

        AssertClean(tree.PathOf("out.sarif"));
        StringAssert.Contains(tree.Read("out.sarif"), "leaves out 30");
    }
}
