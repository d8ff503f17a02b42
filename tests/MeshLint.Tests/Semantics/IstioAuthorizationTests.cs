using MeshLint.Core.Index;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Semantics;
using MeshLint.Tests.Support;

namespace MeshLint.Tests.Semantics;

[TestClass]
public sealed class IstioAuthorizationTests
{
    private static (MeshIndex Index, Workload Orders) Load(params string[] policies) => OrdersWorkload.With(policies);

    private static string Policy(string name, string ns, string? app, string action, string rules, string annotations = "") => $$"""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: {{name}}
          namespace: {{ns}}
        {{annotations}}
        spec:
        {{(app is null ? string.Empty : $"  selector: {{matchLabels: {{app: {app}}}}}")}}
          action: {{action}}
        {{rules}}
        """;

    private const string FromGateway = "  rules:\n  - from:\n    - source:\n        principals: [cluster.local/ns/istio-ingress/sa/gateway]";

    [TestMethod]
    public void NoPolicy_AllowsEverything()
    {
        var (index, orders) = Load();
        var coverage = IstioPolicies.AuthorizationFor(orders, index);
        Assert.AreEqual(AuthorizationDefault.AllowAll, coverage.Default);
        Assert.IsTrue(coverage.AllowsAnyRequest);
    }

    [TestMethod]
    public void DenyOnly_StillAllowsByDefault()
    {
        var (index, orders) = Load(Policy("no-delete", "shop", null, "DENY", "  rules:\n  - to:\n    - operation: {methods: [DELETE]}"));
        var coverage = IstioPolicies.AuthorizationFor(orders, index);
        Assert.AreEqual(AuthorizationDefault.AllowAll, coverage.Default);
        Assert.AreEqual("no-delete", coverage.Deny.Single().Name);
    }

    [TestMethod]
    public void AllowPolicyWithRules_AllowListsTheWorkload()
    {
        var (index, orders) = Load(Policy("from-gateway", "shop", "orders", "ALLOW", FromGateway), Policy("other-app", "shop", "billing", "ALLOW", FromGateway));
        var coverage = IstioPolicies.AuthorizationFor(orders, index);
        Assert.AreEqual(AuthorizationDefault.AllowListed, coverage.Default);
        Assert.AreEqual("from-gateway", coverage.Allow.Single().Name, "a policy selecting another app does not apply");
        Assert.IsFalse(coverage.AllowsAnyRequest);
    }

    [TestMethod]
    public void AllowNothing_DeniesEverything_MeshWideToo()
    {
        var (index, orders) = Load(Policy("allow-nothing", "istio-system", null, "ALLOW", string.Empty));
        var coverage = IstioPolicies.AuthorizationFor(orders, index);
        Assert.AreEqual(AuthorizationDefault.DenyAll, coverage.Default);
        Assert.IsFalse(coverage.AllowsAnyRequest);
    }

    [TestMethod]
    public void AllowWithAnEmptyRule_AllowsAnyRequest()
    {
        var (index, orders) = Load(Policy("allow-all", "shop", "orders", "ALLOW", "  rules:\n  - {}"));
        var coverage = IstioPolicies.AuthorizationFor(orders, index);
        Assert.AreEqual(AuthorizationDefault.AllowListed, coverage.Default);
        Assert.AreEqual("allow-all", coverage.AllowingEverything.Single().Name);
        Assert.IsTrue(coverage.AllowsAnyRequest);
    }

    [TestMethod]
    public void DryRunPolicies_AreNotEnforced()
    {
        var (index, orders) = Load(Policy("trial", "shop", "orders", "ALLOW", FromGateway, "  annotations:\n    istio.io/dry-run: \"true\""));
        var coverage = IstioPolicies.AuthorizationFor(orders, index);
        Assert.AreEqual(AuthorizationDefault.AllowAll, coverage.Default);
        Assert.AreEqual("trial", coverage.DryRun.Single().Name);
    }

    [TestMethod]
    public void CustomAndAuditPolicies_AreSeparated()
    {
        var (index, orders) = Load(
            Policy("ext-authz", "shop", null, "CUSTOM", "  provider: {name: opa}\n" + FromGateway),
            Policy("audit", "shop", null, "AUDIT", FromGateway));
        var coverage = IstioPolicies.AuthorizationFor(orders, index);
        Assert.AreEqual("ext-authz", coverage.Custom.Single().Name);
        Assert.AreEqual("audit", coverage.Audit.Single().Name);
        Assert.AreEqual(AuthorizationDefault.AllowAll, coverage.Default);
    }

    [TestMethod]
    public void NamespaceWidePolicies_AreTheNamespacesThenTheMeshs()
    {
        var (index, _) = Load(
            Policy("mesh-deny", "istio-system", null, "DENY", FromGateway),
            Policy("ns-allow", "shop", null, "ALLOW", FromGateway),
            Policy("selecting", "shop", "orders", "ALLOW", FromGateway),
            Policy("elsewhere", "billing", null, "ALLOW", FromGateway));
        CollectionAssert.AreEqual(new[] { "ns-allow", "mesh-deny" }, IstioPolicies.NamespaceWideAuthorizationPolicies("shop", index).Select(p => p.Name).ToArray());
    }
}
