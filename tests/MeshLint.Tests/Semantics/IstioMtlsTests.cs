using MeshLint.Core.Index;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Semantics;
using MeshLint.Tests.Support;

namespace MeshLint.Tests.Semantics;

[TestClass]
public sealed class IstioMtlsTests
{
    private static (MeshIndex Index, Workload Orders) Load(params string[] policies) => OrdersWorkload.With(policies);

    private static string Policy(string name, string ns, string? selector, string body) => $"""
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: {name}
          namespace: {ns}
        spec:
        {(selector is null ? string.Empty : $"  selector:\n    matchLabels:\n      app: {selector}\n")}{body}
        ---

        """;

    [TestMethod]
    public void NoPolicy_IsPermissiveAndUnknownUnlessTheMeshIsDeclared()
    {
        var (index, orders) = Load(string.Empty);
        var decision = IstioMtls.For(orders, index);
        Assert.AreEqual("PERMISSIVE", decision.Mode);
        Assert.IsNull(decision.DecidedBy);
        Assert.IsFalse(decision.IsKnown);

        (index, orders) = Load("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: istio-system\n");
        Assert.IsTrue(IstioMtls.For(orders, index).IsKnown);
    }

    [TestMethod]
    public void WorkloadPolicy_BeatsNamespaceAndMesh()
    {
        var (index, orders) = Load(
            Policy("mesh", "istio-system", null, "  mtls:\n    mode: STRICT\n") +
            Policy("ns", "shop", null, "  mtls:\n    mode: DISABLE\n") +
            Policy("wl", "shop", "orders", "  mtls:\n    mode: PERMISSIVE\n"));
        var decision = IstioMtls.For(orders, index);
        Assert.AreEqual("PERMISSIVE", decision.Mode);
        Assert.AreEqual("wl", decision.DecidedBy?.Name);
        Assert.AreEqual("DISABLE", IstioMtls.ForNamespace("shop", index).Mode);
        Assert.AreEqual("STRICT", IstioMtls.ForMesh(index).Mode);
    }

    [TestMethod]
    public void UnsetMode_InheritsFromTheLevelAbove()
    {
        var (index, orders) = Load(
            Policy("ns", "shop", null, "  mtls:\n    mode: STRICT\n") +
            Policy("wl", "shop", "orders", "  mtls:\n    mode: UNSET\n  portLevelMtls:\n    \"9090\":\n      mode: DISABLE\n"));
        Assert.AreEqual("STRICT", IstioMtls.For(orders, index).Mode);
        Assert.AreEqual("ns", IstioMtls.For(orders, index).DecidedBy?.Name);
        Assert.AreEqual("DISABLE", IstioMtls.For(orders, index, 9090).Mode);
        Assert.AreEqual("STRICT", IstioMtls.For(orders, index, 8080).Mode);
    }

    [TestMethod]
    public void OnlyTheFirstPolicyOfALevel_Counts()
    {
        var (index, orders) = Load(
            Policy("first", "shop", null, "  mtls:\n    mode: UNSET\n") +
            Policy("second", "shop", null, "  mtls:\n    mode: DISABLE\n"));
        var decision = IstioMtls.For(orders, index);
        Assert.AreEqual("PERMISSIVE", decision.Mode, "istiod ignores the second selector-less policy even when the first sets no mode");
        Assert.IsNull(decision.DecidedBy);
    }
}
