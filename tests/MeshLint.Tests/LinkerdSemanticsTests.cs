using MeshLint.Core.Index;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Semantics.Linkerd;
using MeshLint.Loading;

namespace MeshLint.Tests;

[TestClass]
public sealed class LinkerdSemanticsTests
{
    [TestMethod]
    [DataRow("25,587,3306", true)]
    [DataRow("4400-4443", true)]
    [DataRow(" 8080 , 9090", true)]
    [DataRow("0", false)]
    [DataRow("4443-4400", false)]
    [DataRow("mysql", false)]
    [DataRow("7000;7001", false)]
    public void PolicyControllerPortSet_AcceptsWhatLinkerdAccepts(string value, bool valid) =>
        Assert.AreEqual(valid, LinkerdParsing.PolicyControllerPortSet(value, out _) is not null);

    [TestMethod]
    public void InjectorPortList_AllowsKnownPortNamesAndATrailingComma()
    {
        Assert.AreEqual(0, LinkerdParsing.InjectorPortListErrors("mysql,8080,", new HashSet<string> { "mysql" }).Length);
        CollectionAssert.AreEqual(new[] { "mysql" }, LinkerdParsing.InjectorPortListErrors("mysql,8080", null).ToArray());
        CollectionAssert.AreEqual(new[] { 8080, 8081, 9000 }, LinkerdParsing.PortsOf("8080-8081,9000").Order().ToArray());
    }

    [TestMethod]
    [DataRow("5s", 5000)]
    [DataRow("300ms", 300)]
    [DataRow("2m", 120000)]
    [DataRow("1d", 86400000)]
    [DataRow("0", 0)]
    public void LinkerdDuration_ParsesWholeNumbersWithUnits(string value, int millis) =>
        Assert.AreEqual(TimeSpan.FromMilliseconds(millis), LinkerdParsing.LinkerdDuration(value, out _));

    [TestMethod]
    [DataRow("1.5s")]
    [DataRow("10")]
    [DataRow("-5s")]
    [DataRow("1m30s")]
    [DataRow("5sec")]
    public void LinkerdDuration_RejectsFractionsBareNumbersAndCompounds(string value) =>
        Assert.IsNull(LinkerdParsing.LinkerdDuration(value, out var error), error);

    [TestMethod]
    public void GoDuration_FollowsTimeParseDuration()
    {
        Assert.AreEqual(TimeSpan.FromSeconds(90), LinkerdParsing.GoDuration("1m30s"));
        Assert.AreEqual(TimeSpan.FromMilliseconds(1500), LinkerdParsing.GoDuration("1.5s"));
        Assert.AreEqual(TimeSpan.Zero, LinkerdParsing.GoDuration("0"));
        Assert.IsNull(LinkerdParsing.GoDuration("300"));
        Assert.IsNull(LinkerdParsing.GoDuration("5 s"));
    }

    [TestMethod]
    public void GatewayDuration_FollowsGep2257()
    {
        Assert.AreEqual(TimeSpan.FromSeconds(90), LinkerdParsing.GatewayDuration("1m30s"));
        Assert.IsNull(LinkerdParsing.GatewayDuration("1.5s"));
    }

    [TestMethod]
    [DataRow("web.emojivoto.serviceaccount.identity.linkerd.cluster.local", true)]
    [DataRow("*", true)]
    [DataRow("*.cluster.local", true)]
    [DataRow("spiffe://cluster.local/ns/a/sa/b", true)]
    [DataRow("spiffe://trustdomain", true)]
    [DataRow("web.emojivoto.serviceaccount.identity.linkerd.cluster.local.", false)]
    [DataRow("system..local", false)]
    [DataRow("system.local.*", false)]
    [DataRow("spiffe://test.org/", false)]
    [DataRow("spiffe://test.org//x", false)]
    [DataRow("spiffe:///path", false)]
    [DataRow("spiffe://test.org:8080/x", false)]
    [DataRow("Web.emojivoto", false)]
    public void IdentityValidation_MatchesThePolicyWebhook(string identity, bool valid) =>
        Assert.AreEqual(valid, LinkerdParsing.IdentityError(identity) is null);

    [TestMethod]
    public void Cidr_ParsesNetworksAndAddressesAndContains()
    {
        var net = LinkerdParsing.Cidr("10.20.0.0/16")!.Value;
        Assert.IsTrue(net.Contains(LinkerdParsing.Cidr("10.20.30.0/24")!.Value));
        Assert.IsFalse(net.Contains(LinkerdParsing.Cidr("10.30.0.0/24")!.Value));
        Assert.IsTrue(LinkerdParsing.Cidr("10.20.0.5")!.Value.PrefixLength == 32);
        Assert.AreEqual(0, LinkerdParsing.Cidr("::/0")!.Value.PrefixLength);
        Assert.IsTrue(LinkerdParsing.Cidr("::/0")!.Value.Contains(LinkerdParsing.Cidr("2001:db8::/32")!.Value));
        Assert.IsNull(LinkerdParsing.Cidr("10.40.0.300/24"));
        Assert.IsNull(LinkerdParsing.Cidr("10.0.0.0/33"));
        Assert.IsNull(LinkerdParsing.Cidr("010.0.0.0/8"));
        Assert.IsTrue(LinkerdParsing.IsPrivate(LinkerdParsing.Cidr("fd00::/8")!.Value));
        Assert.IsFalse(LinkerdParsing.IsPrivate(LinkerdParsing.Cidr("64.0.0.0/2")!.Value));
    }

    [TestMethod]
    [DataRow("enabled", "", LinkerdMeshState.Meshed)]
    [DataRow("enabled", "disabled", LinkerdMeshState.NotMeshed)]
    [DataRow("disabled", "enabled", LinkerdMeshState.Meshed)]
    [DataRow("", "enabled", LinkerdMeshState.Meshed)]
    [DataRow("", "", LinkerdMeshState.NotMeshed)]
    [DataRow("true", "enabled", LinkerdMeshState.NotMeshed)]
    [DataRow("enabled", "enable", LinkerdMeshState.NotMeshed)]
    [DataRow("ingress", "", LinkerdMeshState.Meshed)]
    public void Injection_FollowsTheInjectorsTruthTable(string ns, string pod, LinkerdMeshState expected)
    {
        var nsAnnotation = ns.Length == 0 ? string.Empty : $"\n  annotations:\n    linkerd.io/inject: \"{ns}\"";
        var podAnnotation = pod.Length == 0 ? string.Empty : $"\n      annotations:\n        linkerd.io/inject: \"{pod}\"";
        var yaml = $"""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop{nsAnnotation}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
            spec:
              template:
                metadata:
                  labels:
                    app: web{podAnnotation}
                spec:
                  containers:
                    - name: web
                      image: web:1
            """;
        var index = new MeshIndex(ManifestLoader.LoadText("t.yaml", yaml).Objects);
        var workload = index.OfType<Workload>().Single();
        Assert.AreEqual(expected, LinkerdInjection.Resolve(workload, index).State);
    }

    [TestMethod]
    public void Injection_IsUnknownWithoutTheNamespace()
    {
        const string yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
            spec:
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                    - name: web
                      image: web:1
            """;
        var index = new MeshIndex(ManifestLoader.LoadText("t.yaml", yaml).Objects);
        Assert.AreEqual(LinkerdMeshState.Unknown, LinkerdInjection.Resolve(index.OfType<Workload>().Single(), index).State);
    }

    [TestMethod]
    public void HelmValues_AreRecognisedAndRead()
    {
        const string yaml = """
            identityTrustDomain: prod.example.com
            proxy:
              defaultInboundPolicy: deny
              opaquePorts: "25,3306"
            """;
        var index = new MeshIndex(ManifestLoader.LoadText("values.yaml", yaml).Objects);
        var config = LinkerdConfig.Of(index);
        Assert.AreEqual("prod.example.com", config.TrustDomain);
        Assert.AreEqual("deny", config.DefaultInboundPolicy?.Value);
        Assert.AreEqual("25,3306", config.EffectiveOpaquePorts);
    }

    [TestMethod]
    public void ServiceProfileNames_ParseTheServiceFqdn()
    {
        Assert.AreEqual(("emojivoto", "web-svc"), ServiceProfileNames.Parse("web-svc.emojivoto.svc.cluster.local", "cluster.local"));
        Assert.IsNull(ServiceProfileNames.Parse("web-svc", "cluster.local"));
        Assert.IsNull(ServiceProfileNames.Parse("web-svc.emojivoto.svc.cluster.local", "k8s.internal"));
    }
}
