using System.Text.Json;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using MeshLint.Engine;
using MeshLint.Loading;
using MeshLint.Reporting;
using MeshLint.Tests.Support;

namespace MeshLint.Tests;

/// <summary>A rule that breaks is a finding for that rule, never a crash of the run.</summary>
[TestClass]
public sealed class RuleIsolationTests
{
    private sealed class ThrowingRule(bool lazily) : IRule
    {
        public RuleDescriptor Descriptor { get; } = new(
            Id: "ML4999", Name: "AlwaysThrows", Mesh: Mesh.Kubernetes, Category: Category.Configuration,
            Title: "Test rule", Description: "A rule that throws, to test the engine's isolation of rules.",
            Remediation: "None: it exists for tests.", DefaultSeverity: Severity.Error, Inputs: ["ConfigMap"]);

        public IEnumerable<Finding> Evaluate(RuleContext context)
        {
            if (!lazily)
            {
                throw new InvalidOperationException("eager failure");
            }

            return Lazy(context);
        }

        private static IEnumerable<Finding> Lazy(RuleContext context)
        {
            foreach (var obj in context.Index.Objects)
            {
                yield return RuleContext.Report(ToolRules.RuleFailure, obj, obj.NameSpan, "first finding before the failure");
                throw new InvalidOperationException("failure while enumerating");
            }
        }
    }

    private sealed class FindingRule : IRule
    {
        public RuleDescriptor Descriptor { get; } = new(
            Id: "ML4998", Name: "FindsConfigMaps", Mesh: Mesh.Kubernetes, Category: Category.Configuration,
            Title: "Test rule", Description: "A rule that reports every ConfigMap, to see it still runs.",
            Remediation: "None: it exists for tests.", DefaultSeverity: Severity.Warning, Inputs: ["ConfigMap"]);

        public IEnumerable<Finding> Evaluate(RuleContext context) =>
            context.Index.Objects.Select(o => RuleContext.Report(Descriptor, o, o.NameSpan, "found"));
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ThrowingRule_BecomesOneFindingAndOtherRulesRun(bool lazily)
    {
        var load = ManifestLoader.LoadText("cm.yaml", TempTree.ConfigMap);
        var result = AnalysisEngine.Analyze(load, new AnalysisOptions { Rules = [new ThrowingRule(lazily), new FindingRule()] });
        var failure = result.Findings.Single(f => f.RuleId == ToolRules.RuleFailure.Id);
        StringAssert.Contains(failure.Message, "Rule ML4999 (AlwaysThrows) failed with InvalidOperationException");
        Assert.AreEqual(1, result.Findings.Count(f => f.RuleId == "ML4998"), "the other rule's findings are kept");
        Assert.AreEqual(2, result.Findings.Length, "a failing rule's partial findings are dropped, not half-reported");
    }

    [TestMethod]
    public void RuleFailure_IsATextLineAndASarifNotification()
    {
        var load = ManifestLoader.LoadText("cm.yaml", TempTree.ConfigMap);
        var result = AnalysisEngine.Analyze(load, new AnalysisOptions { Rules = [new ThrowingRule(lazily: false)] });
        var input = new ReportInput(result.Findings, RuleCatalog.Descriptors, RuleCatalog.Documentation, 1, 1, "0.0.0", Directory.GetCurrentDirectory());

        using var text = new StringWriter();
        new TextFormatter().Write(input, text);
        StringAssert.Contains(text.ToString(), "meshlint: error ML9004 Rule ML4999");

        using var sarif = new StringWriter();
        new SarifFormatter().Write(input, sarif);
        using var json = JsonDocument.Parse(sarif.ToString());
        var run = json.RootElement.GetProperty("runs")[0];
        Assert.AreEqual(0, run.GetProperty("results").GetArrayLength());
        var notification = run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications")[0];
        StringAssert.Contains(notification.GetProperty("message").GetProperty("text").GetString(), "ML4999");
    }

    [TestMethod]
    public void ReportingUsesOnlyTheLocationNotTheNode()
    {
        // A finding carries spans and an object reference, never nodes: formatters cannot print a tree.
        Assert.IsFalse(typeof(Finding).GetProperties().Any(p => typeof(Node).IsAssignableFrom(p.PropertyType)));
    }
}
