using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Loading;

namespace MeshLint.Tests.Semantics;

[TestClass]
public sealed class IstioMeshConfigTests
{
    private static MeshIndex Index(string yaml) => new(ManifestLoader.LoadText("mesh.yaml", yaml).Objects);

    [TestMethod]
    public void ConfigMapMeshKey_IsParsedWithFileLines()
    {
        var index = Index("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: istio
              namespace: istio-system
            data:
              mesh: |-
                rootNamespace: mesh-root
                enableAutoMtls: false
                pathNormalization:
                  normalization: NONE
            """);

        var config = index.MeshConfig;
        Assert.IsTrue(config.IsDeclared);
        Assert.AreEqual("mesh-root", config.RootNamespace?.Text);
        Assert.AreEqual(8, config.RootNamespace!.Span.StartLine);
        Assert.AreEqual(5, config.RootNamespace.Span.StartColumn - "rootNamespace: ".Length);
        Assert.IsFalse(config.EnableAutoMtls);
        Assert.AreEqual(9, config.AutoMtlsDisabledBy!.Span.StartLine);
        Assert.AreEqual("NONE", config.PathNormalization?.Text);
        Assert.AreEqual(11, config.PathNormalization!.Span.StartLine);
    }

    [TestMethod]
    public void MeshConfigRootNamespace_OverridesTheSettings()
    {
        var index = Index("""
            apiVersion: install.istio.io/v1alpha1
            kind: IstioOperator
            metadata:
              name: control-plane
              namespace: istio-system
            spec:
              meshConfig:
                rootNamespace: mesh-root
            """);

        Assert.AreEqual("mesh-root", index.Settings.IstioRootNamespace);
        Assert.IsTrue(index.MeshConfig.EnableAutoMtls);
    }

    [TestMethod]
    public void IstioConfigMap_WinsOverIstioOperator()
    {
        var index = Index("""
            apiVersion: install.istio.io/v1alpha1
            kind: IstioOperator
            metadata:
              name: control-plane
              namespace: istio-system
            spec:
              meshConfig:
                rootNamespace: from-operator
                enableAutoMtls: false
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: istio
              namespace: istio-system
            data:
              mesh: |
                rootNamespace: from-configmap
            """);

        Assert.AreEqual("from-configmap", index.MeshConfig.RootNamespace?.Text);
        Assert.IsFalse(index.MeshConfig.EnableAutoMtls, "a field only the operator sets still counts");
    }

    [TestMethod]
    public void OtherConfigMaps_AreNotMeshConfig()
    {
        var index = Index("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: app-settings
            data:
              mesh: |
                rootNamespace: nope
            """);

        Assert.IsFalse(index.MeshConfig.IsDeclared);
        Assert.AreEqual("istio-system", index.Settings.IstioRootNamespace);
    }

    [TestMethod]
    public void QuotedMeshString_GetsTheStringSpan()
    {
        var index = Index("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: istio
            data:
              mesh: "enableAutoMtls: false"
            """);

        Assert.IsFalse(index.MeshConfig.EnableAutoMtls);
        Assert.AreEqual(6, index.MeshConfig.AutoMtlsDisabledBy!.Span.StartLine);
    }
}
