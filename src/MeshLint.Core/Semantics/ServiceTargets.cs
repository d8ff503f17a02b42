using System.Globalization;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics;

/// <summary>Where a Service port delivers traffic on a selected pod, as kube-proxy and Istio's inbound listeners see it.</summary>
public static class ServiceTargets
{
    /// <summary>
    /// The container port number a Service port targets on <paramref name="workload"/>: a numeric <c>targetPort</c>,
    /// a named one resolved through the pod's container ports, or the service <c>port</c> when no targetPort is set.
    /// Null when a named target port matches no container port.
    /// </summary>
    public static long? Resolve(ServicePort port, Workload workload)
    {
        if (port.TargetPort is not { } target)
        {
            return port.Port?.Value;
        }

        if (long.TryParse(target.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return workload.Template.Containers
            .SelectMany(c => c.Ports)
            .FirstOrDefault(p => p.Name?.Value == target.Value)?.Port?.Value;
    }

    public static bool IsNamed(ServicePort port) =>
        port.TargetPort is { } target && !long.TryParse(target.Value, NumberStyles.None, CultureInfo.InvariantCulture, out _);
}
