using MeshLint.Core.Index;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Semantics;
using MeshLint.Loading;

namespace MeshLint.Tests.Semantics;

[TestClass]
public sealed class IstioInjectionAnnotationTests
{
    private static MeshIndex Index(string yaml, MeshSettings? settings = null) =>
        new(ManifestLoader.LoadText("inject.yaml", yaml).Objects, settings);

    private static string Deployment(string podLabels = "", string ns = "shop") => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: {ns}
        spec:
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
        {podLabels}
            spec:
              containers:
              - name: web
                image: registry.example.com/web:1.0
        """;

    private static string Namespace(string labels) => $"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
          labels:
            {labels}
        ---

        """;

    [TestMethod]
    public void CouldBeInMesh_UndeclaredNamespace_IsTrueUnlessThePodOptsOut()
    {
        var plain = Index(Deployment());
        Assert.IsTrue(IstioInjection.CouldBeInMesh(plain.OfType<Workload>().Single(), plain));

        var optedOut = Index(Deployment("        sidecar.istio.io/inject: \"false\""));
        Assert.IsFalse(IstioInjection.CouldBeInMesh(optedOut.OfType<Workload>().Single(), optedOut));
    }

    [TestMethod]
    public void CouldBeInMesh_DeclaredNamespace_FollowsItsLabels()
    {
        var disabled = Index(Namespace("istio-injection: disabled") + Deployment());
        Assert.IsFalse(IstioInjection.CouldBeInMesh(disabled.OfType<Workload>().Single(), disabled));

        var unlabelled = Index(Namespace("team: shop") + Deployment());
        Assert.IsFalse(IstioInjection.CouldBeInMesh(unlabelled.OfType<Workload>().Single(), unlabelled));

        var revision = Index(Namespace("istio.io/rev: stable") + Deployment());
        Assert.IsTrue(IstioInjection.CouldBeInMesh(revision.OfType<Workload>().Single(), revision));
    }

    [TestMethod]
    public void CouldBeInMesh_CompleteInput_TreatsAnUndeclaredNamespaceAsUnlabelled()
    {
        var index = Index(Deployment(), new MeshSettings { Complete = true });
        Assert.IsFalse(IstioInjection.CouldBeInMesh(index.OfType<Workload>().Single(), index));
    }

    [TestMethod]
    public void InjectsSidecars_LegacyLabelWinsOverRevision()
    {
        var index = Index(Namespace("istio-injection: disabled\n    istio.io/rev: stable") + Deployment());
        Assert.IsFalse(IstioInjection.InjectsSidecars(index.OfType<Namespace>().Single()));
        var ambient = Index(Namespace("istio.io/dataplane-mode: ambient") + Deployment());
        Assert.IsFalse(IstioInjection.InjectsSidecars(ambient.OfType<Namespace>().Single()));
    }

    [TestMethod]
    public void IsIstioKey_MatchesIstioDomainsAndTheDocumentedIngressClass()
    {
        Assert.IsTrue(IstioAnnotations.IsIstioKey("sidecar.istio.io/proxyCPU"));
        Assert.IsTrue(IstioAnnotations.IsIstioKey("istio.io/rev"));
        Assert.IsTrue(IstioAnnotations.IsIstioKey("kubernetes.io/ingress.class"));
        Assert.IsFalse(IstioAnnotations.IsIstioKey("linkerd.io/inject"));
        Assert.IsFalse(IstioAnnotations.IsIstioKey("example.com/istio.io"));
        Assert.IsFalse(IstioAnnotations.IsIstioKey("istio.io"));
    }

    [TestMethod]
    public void Table_KnowsStagesResourcesAndDeprecations()
    {
        Assert.IsTrue(IstioAnnotations.Find("sidecar.istio.io/inject")!.Deprecated);
        Assert.AreEqual(AnnotationStage.Beta, IstioAnnotations.Find("proxy.istio.io/config")!.Stage);
        Assert.IsTrue(IstioAnnotations.Find("galley.istio.io/analyze-suppress")!.AppliesToAnyKind);
        CollectionAssert.Contains(IstioAnnotations.Find("networking.istio.io/exportTo")!.Resources.ToList(), "Service");
        Assert.IsNull(IstioAnnotations.Find("proxy.istio.io/conifg"));
    }

    [TestMethod]
    [DataRow("sidecar.istio.io/interceptionMode", "REDIRECT", true)]
    [DataRow("sidecar.istio.io/interceptionMode", "redirect", false)]
    [DataRow("traffic.sidecar.istio.io/excludeInboundPorts", "8080, 9090", true)]
    [DataRow("traffic.sidecar.istio.io/excludeInboundPorts", "", true)]
    [DataRow("traffic.sidecar.istio.io/excludeInboundPorts", "http", false)]
    [DataRow("traffic.sidecar.istio.io/excludeInboundPorts", "70000", false)]
    [DataRow("traffic.sidecar.istio.io/includeInboundPorts", "*", true)]
    [DataRow("traffic.sidecar.istio.io/includeOutboundIPRanges", "*", true)]
    [DataRow("traffic.sidecar.istio.io/includeOutboundIPRanges", "10.0.0.0/8,fd00::/8", true)]
    [DataRow("traffic.sidecar.istio.io/excludeOutboundIPRanges", "10.0.0.1", false)]
    [DataRow("traffic.sidecar.istio.io/excludeOutboundIPRanges", "10.0.0.0/33", false)]
    [DataRow("status.sidecar.istio.io/port", "15020", true)]
    [DataRow("readiness.status.sidecar.istio.io/periodSeconds", "-1", false)]
    [DataRow("prometheus.istio.io/merge-metrics", "True", true)]
    [DataRow("prometheus.istio.io/merge-metrics", "yes", false)]
    [DataRow("sidecar.istio.io/proxyCPU", "200m", true)]
    [DataRow("sidecar.istio.io/proxyMemory", "1.5Gi", true)]
    [DataRow("sidecar.istio.io/proxyMemory", "1e3", true)]
    [DataRow("sidecar.istio.io/proxyCPU", "half a core", false)]
    [DataRow("traffic.sidecar.istio.io/excludeInterfaces", "eth1,net1", true)]
    [DataRow("traffic.sidecar.istio.io/excludeInterfaces", "a-very-long-interface-name", false)]
    [DataRow("sidecar.istio.io/logLevel", "anything", true)]
    public void Invalid_FollowsTheInjectorsValidation(string key, string value, bool valid) =>
        Assert.AreEqual(valid, IstioAnnotations.Invalid(key, value) is null, IstioAnnotations.Invalid(key, value));
}
