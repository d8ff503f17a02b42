using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Loading;

namespace MeshLint.Tests;

[TestClass]
public sealed class LoaderTests
{
    [TestMethod]
    public void MultiDocumentStream_KeepsDocumentIndexAndExactSpans()
    {
        var load = ManifestLoader.LoadText("m.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: p\n  namespace: a\nspec:\n  mtls:\n    mode: STRICT\n");
        Assert.AreEqual(2, load.Objects.Length);
        var policy = (PeerAuthentication)load.Objects[1];
        Assert.AreEqual(1, policy.Origin.DocumentIndex);
        Assert.AreEqual(new SourceSpan("m.yaml", 13, 11, 13, 17), policy.MtlsMode!.Value.Span);
        Assert.AreEqual("PeerAuthentication/a/p", policy.Ref.ToString());
        Assert.AreEqual("Namespace/a", load.Objects[0].Ref.ToString());
    }

    [TestMethod]
    public void IstioOperatorWithoutMetadata_IsLoadedAsIstioctlTakesIt()
    {
        var load = ManifestLoader.LoadText("iop.yaml", "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  meshConfig:\n    rootNamespace: mesh-root\n");
        Assert.AreEqual(0, load.Diagnostics.Length, string.Join("; ", load.Diagnostics.Select(d => d.Message)));
        Assert.AreEqual("installed-state", load.Objects.Single().Name);
    }

    [TestMethod]
    public void KindList_YieldsItsItems()
    {
        var load = ManifestLoader.LoadText("l.yaml", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ServiceAccount\n  metadata: {name: a, namespace: x}\n- apiVersion: v1\n  kind: ServiceAccount\n  metadata: {name: b}\n");
        CollectionAssert.AreEqual(new[] { "ServiceAccount/x/a", "ServiceAccount/default/b" }, load.Objects.Select(o => o.Ref.ToString()).ToArray());
        Assert.AreEqual(1, load.Objects[1].Origin.ListItemIndex);
    }

    [TestMethod]
    public void JsonManifest_IsMappedWithPositions()
    {
        var load = ManifestLoader.LoadText("s.json", "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Service\",\n  \"metadata\": {\"name\": \"web\", \"namespace\": \"shop\"},\n  \"spec\": {\"selector\": {\"app\": \"web\"}, \"ports\": [{\"port\": 80}]}\n}\n");
        var service = (Service)load.Objects.Single();
        Assert.AreEqual(80, service.Ports[0].Port!.Value.Value);
        Assert.AreEqual(5, service.Ports[0].Port!.Value.Span.StartLine);
    }

    [TestMethod]
    public void BomAndCrlf_AreAccepted()
    {
        var directory = Directory.CreateTempSubdirectory("meshlint-load").FullName;
        var path = Path.Combine(directory, "bom.yaml");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes("apiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: shop\r\n")]);
        var load = ManifestLoader.LoadFiles([path], new LoadOptions { BaseDirectory = directory });
        Assert.AreEqual(0, load.Diagnostics.Length);
        Assert.AreEqual("Namespace/shop", load.Objects.Single().Ref.ToString());
        Assert.AreEqual(4, load.Objects[0].NameSpan.StartLine);
    }

    [TestMethod]
    public void NonKubernetesFiles_AreSkippedSilently()
    {
        var load = ManifestLoader.LoadText("values.yaml", "replicaCount: 2\nimage:\n  tag: latest\n");
        Assert.AreEqual(0, load.Objects.Length);
        Assert.AreEqual(0, load.Diagnostics.Length);
    }

    [TestMethod]
    public void ParseError_KeepsEarlierDocumentsAndReportsPosition()
    {
        var load = ManifestLoader.LoadText("b.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: [\n");
        Assert.AreEqual(1, load.Objects.Length);
        var error = load.Diagnostics.Single();
        Assert.AreEqual("ML9001", error.RuleId);
        Assert.IsTrue(error.Location.StartLine >= 7);
    }

    [TestMethod]
    public void Secret_KeepsKeyNamesButNoValues()
    {
        var load = ManifestLoader.LoadText("s.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\ndata:\n  password: c3VwZXJzZWNyZXQ=\nstringData:\n  token: hunter2\n");
        var secret = (Secret)load.Objects.Single();
        CollectionAssert.AreEqual(new[] { "password", "token" }, secret.KeyNames.ToArray());
        Assert.IsNull(secret.Root["data"]);
        Assert.IsNull(secret.Root["stringData"]);
    }

    [TestMethod]
    public void MergeKeys_ResolveWithExplicitKeysWinning()
    {
        var load = ManifestLoader.LoadText("m.yaml", "base: &base\n  mode: PERMISSIVE\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: p\n  namespace: a\nspec:\n  mtls:\n    <<: *base\n    mode: STRICT\n");
        Assert.AreEqual("STRICT", ((PeerAuthentication)load.Objects.Single()).MtlsMode!.Value.Value);
    }

    [TestMethod]
    public void WorkloadKinds_ExposeTheirPodTemplate()
    {
        var load = ManifestLoader.LoadText("c.yaml", "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\n  namespace: ops\nspec:\n  schedule: '@daily'\n  jobTemplate:\n    spec:\n      template:\n        metadata:\n          labels: {app: nightly}\n          annotations: {sidecar.istio.io/inject: 'false'}\n        spec:\n          serviceAccountName: reporter\n          containers: [{name: c, image: i}]\n");
        var workload = (Workload)load.Objects.Single();
        Assert.AreEqual("nightly", workload.Template.Labels["app"]);
        Assert.AreEqual("false", workload.Template.Annotations["sidecar.istio.io/inject"]);
        Assert.AreEqual("reporter", workload.Template.ServiceAccount);
    }
}
