using MeshLint.Core.Index;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Semantics;
using MeshLint.Loading;

namespace MeshLint.Tests;

[TestClass]
public sealed class IstioNetworkingSemanticsTests
{
    private static MeshIndex Index(string yaml) => new(ManifestLoader.LoadText("test.yaml", yaml).Objects);

    [TestMethod]
    [DataRow("10s", 10_000)]
    [DataRow("1.5s", 1_500)]
    [DataRow("250ms", 250)]
    [DataRow("1h30m", 5_400_000)]
    [DataRow("0", 0)]
    public void GoDurations_Parse(string text, long milliseconds)
    {
        Assert.IsTrue(Durations.TryParse(text, out var duration));
        Assert.AreEqual(milliseconds, (long)duration.TotalMilliseconds);
    }

    [TestMethod]
    [DataRow("10")]
    [DataRow("ten seconds")]
    [DataRow("-1s")]
    [DataRow("5 s")]
    [DataRow("")]
    public void MalformedDurations_AreRejected(string text) => Assert.IsFalse(Durations.TryParse(text, out _));

    [TestMethod]
    [DataRow("shop/edge", "web", "shop", "edge")]
    [DataRow("./edge", "web", "web", "edge")]
    [DataRow("edge", "web", "web", "edge")]
    [DataRow("edge.infra.svc.cluster.local", "web", "infra", "edge")]
    public void GatewayReferences_ResolveAsIstiodDoes(string reference, string own, string ns, string name) =>
        Assert.AreEqual((ns, name), Hosts.GatewayRef(reference, own));

    [TestMethod]
    public void ServiceEntryExportedToOneNamespace_IsInvisibleElsewhere()
    {
        var index = Index("""
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: api
              namespace: billing
            spec:
              hosts: ["*.partner.example.com"]
              exportTo: ["."]
              ports:
              - number: 443
                name: tls
                protocol: TLS
            """);
        Assert.IsTrue(ServiceRegistry.IsKnown(index, "api.partner.example.com", "billing"));
        Assert.IsFalse(ServiceRegistry.IsKnown(index, "api.partner.example.com", "shop"));
        Assert.IsTrue(ServiceRegistry.IsKnown(index, "api.partner.example.com", null));
    }

    [TestMethod]
    public void ServiceExportToAnnotation_LimitsVisibility()
    {
        var index = Index("""
            apiVersion: v1
            kind: Service
            metadata:
              name: ledger
              namespace: bank
              annotations:
                networking.istio.io/exportTo: "bank,audit"
            spec:
              ports:
              - port: 8080
                name: http
            """);
        Assert.IsTrue(ServiceRegistry.IsKnown(index, "ledger.bank.svc.cluster.local", "audit"));
        Assert.IsFalse(ServiceRegistry.IsKnown(index, "ledger.bank.svc.cluster.local", "shop"));
    }

    private static VirtualService Routes(string http) => Index($"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: r
        spec:
          hosts: [r]
          http:
        {http}
        """).OfType<VirtualService>().Single();

    [TestMethod]
    public void RouteAfterCatchAll_IsUnreachable()
    {
        var service = Routes("""
              - route: [{destination: {host: r}}]
              - match: [{uri: {prefix: /a}}]
                route: [{destination: {host: r}}]
            """);
        var (unreachable, shadowed) = RouteShadowing.Analyze(service.Http);
        Assert.AreEqual(1, unreachable.Length);
        Assert.AreEqual(1, unreachable[0].Route.Index);
        Assert.IsTrue(unreachable[0].AfterCatchAll);
        Assert.AreEqual(0, shadowed.Length);
    }

    [TestMethod]
    public void MatchesDifferingOnlyByName_AreDuplicates()
    {
        var service = Routes("""
              - match: [{name: a, uri: {prefix: /a}, headers: {x: {exact: "1"}}}]
                route: [{destination: {host: r}}]
              - match: [{name: b, headers: {x: {exact: "1"}}, uri: {prefix: /a}}, {uri: {exact: /z}}]
                route: [{destination: {host: r}}]
            """);
        var (unreachable, shadowed) = RouteShadowing.Analyze(service.Http);
        Assert.AreEqual(0, unreachable.Length);
        Assert.AreEqual(1, shadowed.Length);
        Assert.IsNull(shadowed[0].CoveringPrefix);
    }

    [TestMethod]
    public void UriInsideEarlierPrefix_IsCoveredOnlyWithEqualOtherConditions()
    {
        var service = Routes("""
              - match: [{uri: {prefix: /api}}]
                route: [{destination: {host: r}}]
              - match: [{uri: {prefix: /api/v2}}, {uri: {exact: /apix}, headers: {x: {exact: "1"}}}]
                route: [{destination: {host: r}}]
            """);
        var (unreachable, shadowed) = RouteShadowing.Analyze(service.Http);
        Assert.AreEqual(0, unreachable.Length);
        Assert.AreEqual(1, shadowed.Length);
        Assert.AreEqual("/api", shadowed[0].CoveringPrefix);
    }

    [TestMethod]
    public void RouteWhoseMatchesAreAllTaken_IsUnreachableNotShadowed()
    {
        var service = Routes("""
              - match: [{uri: {prefix: /}}]
                route: [{destination: {host: r}}]
              - match: [{uri: {prefix: /a}}, {uri: {exact: /b}}]
                route: [{destination: {host: r}}]
            """);
        var (unreachable, shadowed) = RouteShadowing.Analyze(service.Http);
        Assert.AreEqual(1, unreachable.Length);
        Assert.IsFalse(unreachable[0].AfterCatchAll);
        Assert.AreEqual(0, shadowed.Length);
    }
}
