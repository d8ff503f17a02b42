using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics;

/// <summary>
/// How Istio decides a Service port's protocol: UDP by its L4 protocol; else from <c>appProtocol</c> when set
/// (including Kubernetes' <c>kubernetes.io/h2c</c>, <c>/ws</c>, <c>/wss</c>), else from the port name's prefix
/// before the first dash (<c>http-web</c> is HTTP, <c>grpc-web</c> is gRPC-Web). Unrecognised names leave the port to
/// protocol sniffing, except the well-known server-first ports 25, 53, 3306 and 27017, which are TCP.
/// </summary>
public static class PortProtocols
{
    public const string Unsupported = "Unsupported";

    private static readonly Dictionary<string, string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["tcp"] = "TCP",
        ["udp"] = "UDP",
        ["grpc"] = "GRPC",
        ["grpc-web"] = "GRPC-Web",
        ["http"] = "HTTP",
        ["http_proxy"] = "HTTP_PROXY",
        ["http2"] = "HTTP2",
        ["https"] = "HTTPS",
        ["tls"] = "TLS",
        ["mongo"] = "Mongo",
        ["redis"] = "Redis",
        ["mysql"] = "MySQL",
    };

    private static readonly HashSet<long> WellKnownTcpPorts = [25, 53, 3306, 27017];

    public static string Of(ServicePort port)
    {
        if (string.Equals(port.Protocol?.Value, "UDP", StringComparison.OrdinalIgnoreCase))
        {
            return "UDP";
        }

        var number = port.Port?.Value ?? 0;
        if (port.AppProtocol is { } app)
        {
            switch (app.Value)
            {
                case "kubernetes.io/h2c":
                    return "HTTP2";
                case "kubernetes.io/ws":
                    return "HTTP";
                case "kubernetes.io/wss":
                    return "HTTPS";
            }

            return FromName(app.Value, number);
        }

        return FromName(port.Name?.Value ?? string.Empty, number);
    }

    /// <summary>True when the protocol came from Istio's sniffing fallback rather than a declaration.</summary>
    public static bool IsDeclared(ServicePort port) => Of(port) != Unsupported;

    private static string FromName(string name, long port)
    {
        if (name.StartsWith("grpc-web", StringComparison.OrdinalIgnoreCase))
        {
            return "GRPC-Web";
        }

        var dash = name.IndexOf('-', StringComparison.Ordinal);
        var prefix = dash >= 0 ? name[..dash] : name;
        if (Known.TryGetValue(prefix, out var protocol))
        {
            return protocol;
        }

        return WellKnownTcpPorts.Contains(port) ? "TCP" : Unsupported;
    }
}
