using MeshLint.Core.Index;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Semantics;
using MeshLint.Loading;

namespace MeshLint.Tests;

[TestClass]
public sealed class SemanticsTests
{
    [TestMethod]
    [DataRow("reviews", "bookinfo", "reviews.bookinfo.svc.cluster.local")]
    [DataRow("reviews.bookinfo.svc.cluster.local", "other", "reviews.bookinfo.svc.cluster.local")]
    [DataRow("api.example.com", "shop", "api.example.com")]
    [DataRow("*.example.com", "shop", "*.example.com")]
    [DataRow("*", "shop", "*")]
    public void ShortHostNames_ResolveInTheObjectsNamespace(string host, string ns, string expected) =>
        Assert.AreEqual(expected, Hosts.Resolve(host, ns));

    [TestMethod]
    public void WildcardHosts_Match()
    {
        Assert.IsTrue(Hosts.Matches("*.example.com", "shop.example.com"));
        Assert.IsFalse(Hosts.Matches("*.example.com", "example.com"));
        Assert.IsTrue(Hosts.Matches("*", "anything.local"));
        Assert.IsTrue(Hosts.Overlap("shop.example.com", "*.example.com"));
    }

    [TestMethod]
    [DataRow("istio-ingress/public", "web", "istio-ingress", "public")]
    [DataRow("public", "web", "web", "public")]
    [DataRow("public.istio-ingress.svc.cluster.local", "web", "istio-ingress", "public")]
    public void GatewayReferences_Split(string reference, string own, string ns, string name) =>
        Assert.AreEqual((ns, name), Hosts.GatewayRef(reference, own));

    private static MeshIndex Index(string yaml) => new(ManifestLoader.LoadText("x.yaml", yaml).Objects);

    private const string Deployment = "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w, namespace: a}\nspec:\n  selector: {matchLabels: {app: w}}\n  template:\n    metadata:\n      labels: {app: w}\n    spec:\n      containers: [{name: c, image: i}]\n";

    [TestMethod]
    public void Injection_FollowsNamespaceLabelsAndPodOverrides()
    {
        var enabled = Index("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  labels: {istio-injection: enabled}\n" + Deployment);
        Assert.IsTrue(IstioInjection.IsInMesh(enabled.OfType<Workload>().Single(), enabled));

        var revision = Index("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  labels: {istio.io/rev: canary}\n" + Deployment);
        Assert.IsTrue(IstioInjection.IsInMesh(revision.OfType<Workload>().Single(), revision));

        var unknown = Index(Deployment);
        Assert.IsFalse(IstioInjection.IsInMesh(unknown.OfType<Workload>().Single(), unknown));

        var optedOut = Index("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  labels: {istio-injection: enabled}\n" + Deployment.Replace("labels: {app: w}", "labels: {app: w, sidecar.istio.io/inject: 'false'}", StringComparison.Ordinal));
        Assert.IsFalse(IstioInjection.IsInMesh(optedOut.OfType<Workload>().Single(), optedOut));
    }

    [TestMethod]
    public void Injection_FollowsTheWebhookSelectors()
    {
        const string Plain = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n";
        bool InMesh(string ns, string podLabels, string podAnnotations = "")
        {
            var text = ns + Deployment.Replace("labels: {app: w}", $"labels: {{app: w{podLabels}}}" + (podAnnotations.Length > 0 ? $"\n      annotations: {{{podAnnotations}}}" : string.Empty), StringComparison.Ordinal);
            var index = Index(text);
            return IstioInjection.IsInMesh(index.OfType<Workload>().Single(), index);
        }

        const string Disabled = Plain + "  labels: {istio-injection: disabled}\n";
        const string Enabled = Plain + "  labels: {istio-injection: enabled}\n";
        Assert.IsFalse(InMesh(Disabled, ", sidecar.istio.io/inject: 'true'"), "a disabled namespace excludes even opted-in pods");
        Assert.IsTrue(InMesh(Plain, ", sidecar.istio.io/inject: 'true'"), "the pod label opts in without a namespace label");
        Assert.IsTrue(InMesh(Plain, ", istio.io/rev: canary"), "a pod revision label opts in too");
        Assert.IsFalse(InMesh(Plain, string.Empty, "sidecar.istio.io/inject: 'true'"), "webhook object selectors never see annotations");
        Assert.IsFalse(InMesh(Enabled, string.Empty, "sidecar.istio.io/inject: 'false'"), "the injector honours the legacy annotation once called");
        Assert.IsTrue(InMesh(Plain + "  labels: {istio.io/dataplane-mode: ambient}\n", string.Empty), "ambient namespaces are in the mesh");
    }

    [TestMethod]
    public void PeerAuthentication_MostSpecificFirst()
    {
        var index = Index(
            "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: mesh, namespace: istio-system}\nspec: {mtls: {mode: STRICT}}\n" +
            "---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: ns, namespace: a}\nspec: {mtls: {mode: PERMISSIVE}}\n" +
            "---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: wl, namespace: a}\nspec: {selector: {matchLabels: {app: w}}, mtls: {mode: STRICT}}\n" +
            "---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: other, namespace: b}\nspec: {mtls: {mode: DISABLE}}\n" + Deployment);
        var order = IstioPolicies.PeerAuthenticationsFor(index.OfType<Workload>().Single(), index).Select(p => p.Name).ToArray();
        CollectionAssert.AreEqual(new[] { "wl", "ns", "mesh" }, order);
    }

    [TestMethod]
    public void Index_FindsServicesByHostAndWorkloadsBySelector()
    {
        var index = Index("apiVersion: v1\nkind: Service\nmetadata: {name: w, namespace: a}\nspec: {selector: {app: w}}\n" + Deployment);
        Assert.AreEqual(1, index.ServicesByHost("w.a.svc.cluster.local").Length);
        Assert.AreEqual("w", index.ServicesSelecting(index.OfType<Workload>().Single()).Single().Name);
        Assert.AreEqual(1, index.WorkloadsSelectedBy("a", index.OfType<Service>().Single().Selector).Count());
    }
}
