using MeshLint.Core.Index;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Engine;
using MeshLint.Tests.Support;

namespace MeshLint.Tests;

/// <summary>
/// Rules that judge a name against what the files define (a namespace, a host, a GatewayClass): while the files may be
/// part of the mesh only near misses (typos) are reported; once <c>mesh.complete</c> is set every unknown name is, and
/// <c>mesh.external</c> silences what lives elsewhere. The good fixtures hold one such "elsewhere" name each.
/// </summary>
[TestClass]
public sealed class NameReferenceTests
{
    private static AnalysisOptions Options(bool complete = false, params string[] external) =>
        new() { Settings = new MeshSettings { Complete = complete, External = [.. external] } };

    private static List<Finding> Run(string ruleId, string fixture, AnalysisOptions options) =>
        UnitChecker.Analyze(Repo.PathOf("fixtures", ruleId, fixture), options).Where(f => f.RuleId == ruleId).ToList();

    [TestMethod]
    [DataRow("ML1123", "api.example.org", "")]
    [DataRow("ML1803", "\"monitoring\"", "monitoring/*")]
    [DataRow("ML4015", "\"nginx\"", "nginx")]
    [DataRow("ML4016", "\"edge-gateways\"", "edge-gateways/*")]
    public void UnknownName_IsReportedOnlyWhenTheFilesAreComplete(string ruleId, string name, string external)
    {
        Assert.AreEqual(0, Run(ruleId, "good.yaml", Options()).Count, "a name managed elsewhere is not judged by default");

        var complete = Run(ruleId, "good.yaml", Options(complete: true));
        Assert.IsTrue(complete.Any(f => f.Message.Contains(name, StringComparison.Ordinal)),
            $"{ruleId} with mesh.complete must report {name}: {string.Join(" | ", complete.Select(f => f.Message))}");
        Assert.IsTrue(complete.All(f => !f.Message.Contains("did you mean", StringComparison.Ordinal)), "no near miss in the good fixture");

        if (external.Length > 0)
        {
            var silenced = Run(ruleId, "good.yaml", Options(complete: true, external));
            Assert.IsFalse(silenced.Any(f => f.Message.Contains(name, StringComparison.Ordinal)), $"mesh.external {external} must silence {name}");
        }
    }

    [TestMethod]
    public void ClusterLocalHostOfAManagedNamespace_IsReportedWithoutCompleteness_OtherNamespacesAreNot()
    {
        var bad = Run("ML1123", "bad.yaml", Options());
        Assert.IsTrue(bad.Any(f => f.Message.Contains("billing-admin.shop.svc.cluster.local", StringComparison.Ordinal)));

        // checkout.payments.svc.cluster.local: the files hold nothing of namespace payments.
        Assert.IsFalse(Run("ML1123", "good.yaml", Options()).Any());
        Assert.IsTrue(Run("ML1123", "good.yaml", Options(complete: true)).Any(f => f.Message.Contains("checkout.payments", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void ServiceNamedExternal_IsNotReported()
    {
        const string yaml = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
            ---
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata:
              name: deny-admin
              namespace: shop
            spec:
              action: DENY
              rules:
              - to:
                - operation:
                    hosts: ["admin.shop.svc.cluster.local"]
            """;
        List<Finding> Findings(AnalysisOptions options) =>
            [.. UnitChecker.AnalyzeText("unit.yaml", yaml.ReplaceLineEndings("\n"), options).Where(f => f.RuleId == "ML1123")];

        Assert.AreEqual(1, Findings(Options()).Count);
        Assert.AreEqual(0, Findings(Options(external: "shop/admin")).Count);
    }

    [TestMethod]
    [DataRow("webb", "web", "web")]
    [DataRow("order.shop.svc.cluster.local", "orders.shop.svc.cluster.local", "orders.shop.svc.cluster.local")]
    [DataRow("payments", "web", null)]
    [DataRow("web", "web", null)]
    public void NearMiss_SuggestsOnlyNamesOneOrTwoEditsAway(string name, string candidate, string? expected)
    {
        Assert.AreEqual(expected, NearMiss.Closest(["istio-system", candidate], name));
    }

    [TestMethod]
    public void NearMiss_PrefersTheCloserThenTheOrdinallyFirstName()
    {
        Assert.AreEqual("shop", NearMiss.Closest(["shopping", "shop", "shops-eu"], "shpo"));
        Assert.AreEqual("ab", NearMiss.Closest(["ac", "ab"], "aa"));
        Assert.AreEqual("Orders", NearMiss.Closest(["Orders"], "ORDER", ignoreCase: true));
    }
}
