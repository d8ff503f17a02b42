using MeshLint.Core.Index;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Loading;

namespace MeshLint.Tests.Support;

/// <summary>One Deployment (shop/orders, label app=orders) that policy semantics tests put their policies next to.</summary>
public static class OrdersWorkload
{
    public const string Yaml = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: orders
          namespace: shop
        spec:
          selector:
            matchLabels:
              app: orders
          template:
            metadata:
              labels:
                app: orders
            spec:
              containers:
              - name: orders
                image: orders:1
        """;

    /// <summary>The index of the Deployment and <paramref name="others"/> (YAML documents), and the Deployment's workload.</summary>
    public static (MeshIndex Index, Workload Orders) With(params string[] others)
    {
        var index = new MeshIndex(ManifestLoader.LoadText("t.yaml", string.Join("\n---\n", [Yaml, .. others])).Objects);
        return (index, index.OfType<Workload>().Single());
    }
}
