using MeshLint.Core.Index;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Semantics;
using MeshLint.Loading;

namespace MeshLint.Tests.Semantics;

[TestClass]
public sealed class ConsulSemanticsTests
{
    private static MeshIndex Index(string yaml, MeshSettings? settings = null) =>
        new(ManifestLoader.LoadText("consul.yaml", yaml).Objects, settings);

    private const string Http = """
        apiVersion: consul.hashicorp.com/v1alpha1
        kind: ServiceDefaults
        metadata:
          name: web
        spec:
          protocol: HTTP
        """;

    private const string GlobalGrpc = """
        apiVersion: consul.hashicorp.com/v1alpha1
        kind: ProxyDefaults
        metadata:
          name: global
        spec:
          config:
            protocol: grpc
        """;

    [TestMethod]
    public void Protocol_ServiceDefaultsWins_AndIsLowerCased()
    {
        var protocol = Index(Http + "\n---\n" + GlobalGrpc).Consul.ProtocolOf("web");
        Assert.AreEqual("http", protocol.Value);
        Assert.AreEqual(ConsulProtocolSource.ServiceDefaults, protocol.Source);
        Assert.IsTrue(protocol.IsHttpLike);
    }

    [TestMethod]
    public void Protocol_FallsBackToGlobalProxyDefaults()
    {
        var protocol = Index(Http + "\n---\n" + GlobalGrpc).Consul.ProtocolOf("api");
        Assert.AreEqual("grpc", protocol.Value);
        Assert.AreEqual(ConsulProtocolSource.ProxyDefaults, protocol.Source);
        Assert.IsTrue(protocol.IsDecided);
    }

    [TestMethod]
    public void Protocol_IsTcpFromProxyDefaultsWithoutProtocol()
    {
        var protocol = Index(GlobalGrpc.Replace("protocol: grpc", "envoy_prometheus_bind_addr: 0.0.0.0:20200", StringComparison.Ordinal)).Consul.ProtocolOf("api");
        Assert.AreEqual("tcp", protocol.Value);
        Assert.AreEqual(ConsulProtocolSource.ProxyDefaults, protocol.Source);
    }

    [TestMethod]
    public void Protocol_IgnoresProxyDefaultsNotNamedGlobal()
    {
        var protocol = Index(GlobalGrpc.Replace("name: global", "name: defaults", StringComparison.Ordinal)).Consul.ProtocolOf("api");
        Assert.AreEqual("tcp", protocol.Value);
        Assert.IsFalse(protocol.IsDecided);
    }

    [TestMethod]
    public void ParseBool_AcceptsGoBooleansOnly()
    {
        foreach (var yes in new[] { "1", "t", "T", "true", "TRUE", "True" })
        {
            Assert.AreEqual(true, ConsulInjection.ParseBool(yes), yes);
        }

        foreach (var no in new[] { "0", "f", "F", "false", "FALSE", "False" })
        {
            Assert.AreEqual(false, ConsulInjection.ParseBool(no), no);
        }

        foreach (var invalid in new[] { "yes", "on", "enabled", "tRuE", " true", "" })
        {
            Assert.IsNull(ConsulInjection.ParseBool(invalid), invalid);
        }
    }

    private const string App = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
          labels:
            consul.hashicorp.com/transparent-proxy: "false"
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: orders
          namespace: shop
        spec:
          selector:
            app: orders
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: orders-metrics
          namespace: shop
          labels:
            consul.hashicorp.com/service-ignore: "true"
        spec:
          selector:
            app: orders
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: orders
          namespace: shop
        spec:
          template:
            metadata:
              labels:
                app: orders
              annotations:
                consul.hashicorp.com/connect-inject: "true"
            spec:
              containers:
                - name: orders
                  image: example/orders:1
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: batch
          namespace: shop
        spec:
          template:
            metadata:
              labels:
                app: batch
            spec:
              containers:
                - name: batch
                  image: example/batch:1
        """;

    [TestMethod]
    public void Injection_FollowsTheAnnotationThenTheHelmDefault()
    {
        var index = Index(App);
        var orders = index.WorkloadsIn("shop").Single(w => w.Name == "orders");
        var batch = index.WorkloadsIn("shop").Single(w => w.Name == "batch");
        Assert.IsTrue(ConsulInjection.IsMeshed(orders, index));
        Assert.IsFalse(ConsulInjection.IsMeshed(batch, index), "connectInject.default is false in the chart");

        var injectAll = Index(App, new MeshSettings { Consul = new ConsulInstallSettings(ConnectInjectDefault: true) });
        Assert.IsTrue(ConsulInjection.IsMeshed(injectAll.WorkloadsIn("shop").Single(w => w.Name == "batch"), injectAll));
    }

    [TestMethod]
    public void TransparentProxy_NamespaceLabelOverridesTheDefault()
    {
        var index = Index(App);
        var orders = index.WorkloadsIn("shop").Single(w => w.Name == "orders");
        Assert.IsFalse(ConsulInjection.TransparentProxyEnabled(orders, index, out var decidedBy));
        Assert.AreEqual("false", decidedBy?.Value);
    }

    [TestMethod]
    public void ServiceNames_SkipIgnoredServices()
    {
        var index = Index(App);
        Workload orders = index.WorkloadsIn("shop").Single(w => w.Name == "orders");
        CollectionAssert.AreEqual(new[] { "orders" }, ConsulInjection.ConsulServiceNames(orders, index).ToArray());
        Assert.IsTrue(index.Consul.IsKnownService("orders-metrics"));
        Assert.IsFalse(index.Consul.IsKnownService("payments"));
    }

    [TestMethod]
    public void ChainReferences_CoverRoutesSplitsRedirectsAndFailovers()
    {
        var index = Index("""
            apiVersion: consul.hashicorp.com/v1alpha1
            kind: ServiceRouter
            metadata:
              name: web
            spec:
              routes:
                - match:
                    http:
                      pathPrefix: /api/
                  destination:
                    service: api
                - destination:
                    requestTimeout: 5s
            ---
            apiVersion: consul.hashicorp.com/v1alpha1
            kind: ServiceSplitter
            metadata:
              name: api
            spec:
              splits:
                - weight: 100
                  serviceSubset: v2
            ---
            apiVersion: consul.hashicorp.com/v1alpha1
            kind: ServiceResolver
            metadata:
              name: api
            spec:
              defaultSubset: v1
              failover:
                v1:
                  targets:
                    - service: api-backup
                    - peer: dc2
            """);
        var refs = index.Consul.ChainReferences.Select(r => $"{r.Owner.Kind}:{r.Kind}:{r.Service}:{r.Subset?.Value}:{r.IsRemote}").ToList();
        CollectionAssert.AreEqual(
            new[]
            {
                "ServiceRouter:RouteDestination:api::False",
                "ServiceSplitter:Split:api:v2:False",
                "ServiceResolver:DefaultSubset:api:v1:False",
                "ServiceResolver:FailoverSubset:api:v1:False",
                "ServiceResolver:FailoverTarget:api-backup::False",
            },
            refs);
    }

    [TestMethod]
    public void Settings_ComeFromTheConsulHelmValues_ThenConfiguration_ThenChartDefaults()
    {
        var values = Index("""
            global:
              datacenter: dc1
              acls:
                manageSystemACLs: true
            connectInject:
              enabled: true
              default: true
            """).Consul.Settings;
        Assert.IsTrue(values.AclsEnabled is { Value: true, Stated: true, Source.Value: "true" });
        Assert.IsTrue(values.ConnectInjectDefault.Value);
        Assert.IsTrue(values.TransparentProxyDefault is { Value: true, Stated: true }, "absent from the values: the chart default, anchored in the file");
        Assert.AreEqual("connectInject.transparentProxy.defaultEnabled", values.TransparentProxyDefault.Source?.Value);

        var configured = Index("kind: List\napiVersion: v1\nitems: []\n", new MeshSettings { Consul = new ConsulInstallSettings(AclsEnabled: true) }).Consul.Settings;
        Assert.IsTrue(configured.AclsEnabled is { Value: true, Stated: true, Source: null });

        var defaults = Index("kind: List\napiVersion: v1\nitems: []\n").Consul.Settings;
        Assert.AreEqual(ConsulSettings.ChartDefaults, defaults);
    }
}
