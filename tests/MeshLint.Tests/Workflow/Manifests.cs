namespace MeshLint.Tests.Workflow;

/// <summary>Small manifests the workflow tests share.</summary>
internal static class Manifests
{
    public static string PeerAuthentication(string name, string ns, string mode, string annotations = "") => $"""
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: {name}
          namespace: {ns}{annotations}
        spec:
          mtls:
            mode: {mode}

        """;

    public const string Namespace = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
          labels:
            istio-injection: enabled

        """;

    public const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: reviews-v1
          namespace: shop
        spec:
          selector:
            matchLabels:
              app: reviews
              version: v1
          template:
            metadata:
              labels:
                app: reviews
                version: v1
            spec:
              containers:
                - name: reviews
                  image: reviews:1.0
                  ports:
                    - containerPort: 9080

        """;

    public const string Service = """
        apiVersion: v1
        kind: Service
        metadata:
          name: reviews
          namespace: shop
        spec:
          selector:
            app: reviews
          ports:
            - name: http
              port: 9080

        """;

    public const string DestinationRule = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
          namespace: shop
        spec:
          host: reviews
          subsets:
            - name: v1
              labels:
                version: v1

        """;

    public const string VirtualService = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
          namespace: shop
        spec:
          hosts:
            - reviews
          http:
            - route:
                - destination:
                    host: reviews
                    subset: v1

        """;
}
