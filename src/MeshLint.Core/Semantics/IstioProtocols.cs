using System.Globalization;
using MeshLint.Core.Index;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics;

/// <summary>A port a workload serves, as a Service in front of it declares it.</summary>
public sealed record WorkloadPort(long ContainerPort, string? Protocol, Service Service, ServicePort ServicePort)
{
    /// <summary>True when Istio treats the traffic as opaque TCP (no HTTP attributes can be read).</summary>
    public bool IsTcp => IstioProtocols.IsTcpLevel(Protocol);
}

/// <summary>
/// How Istio decides the protocol of a Service port: <c>appProtocol</c>, else the port name's prefix
/// (<c>&lt;protocol&gt;[-&lt;suffix&gt;]</c>), else automatic detection. Kubernetes <c>protocol: UDP/SCTP</c> is never proxied.
/// </summary>
public static class IstioProtocols
{
    private static readonly string[] Known = ["grpc-web", "grpc", "http2", "http", "https", "mongo", "mysql", "redis", "tcp", "tls", "udp"];

    /// <summary>The declared protocol, lower case (<c>http</c>, <c>tcp</c>, <c>mongo</c>...), or null when Istio has to sniff it.</summary>
    public static string? Of(ServicePort port)
    {
        if (port.Protocol?.Value is { } l4 && !l4.Equals("TCP", StringComparison.OrdinalIgnoreCase))
        {
            return l4.ToLowerInvariant();
        }

        if (port.AppProtocol?.Value is { Length: > 0 } app)
        {
            var value = app.ToLowerInvariant();
            return value switch
            {
                "kubernetes.io/h2c" => "http2",
                "kubernetes.io/ws" => "http",
                "kubernetes.io/wss" => "https",
                _ => Known.Contains(value) ? value : null,
            };
        }

        if (port.Name?.Value is { Length: > 0 } name)
        {
            var lower = name.ToLowerInvariant();
            foreach (var protocol in Known)
            {
                if (lower == protocol || lower.StartsWith(protocol + "-", StringComparison.Ordinal))
                {
                    return protocol;
                }
            }
        }

        return null;
    }

    /// <summary>Protocols Istio proxies as opaque TCP: no methods, paths, hosts, headers or JWTs can be seen.</summary>
    public static bool IsTcpLevel(string? protocol) => protocol is "tcp" or "tls" or "https" or "mongo" or "mysql" or "redis";

    /// <summary>The container port a Service port sends to on <paramref name="workload"/>: <c>targetPort</c> (a number or a named container port), else the port itself.</summary>
    public static long? ContainerPort(ServicePort port, Workload workload)
    {
        if (port.TargetPort?.Value is not { Length: > 0 } target)
        {
            return port.Port?.Value;
        }

        if (long.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return workload.Template.Containers
            .SelectMany(c => c.Ports)
            .FirstOrDefault(p => p.Name?.Value == target)?.Port?.Value;
    }

    /// <summary>The ports of a workload that Services in front of it expose, with their protocol.</summary>
    public static IEnumerable<WorkloadPort> PortsOf(Workload workload, MeshIndex index)
    {
        foreach (var service in index.ServicesSelecting(workload))
        {
            foreach (var port in service.Ports)
            {
                if (ContainerPort(port, workload) is { } containerPort)
                {
                    yield return new WorkloadPort(containerPort, Of(port), service, port);
                }
            }
        }
    }
}
