using MeshLint.Core.Index;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics;

/// <summary>A Service port that disagrees with another Service's port on the same container port of a workload.</summary>
public readonly record struct InboundPortConflict(Workload Workload, long Target, Service Service, ServicePort Port, Service OtherService, ServicePort OtherPort);

/// <summary>
/// The sidecar builds one inbound listener per container port of a workload, so the in-mesh Services that select the
/// workload and target the same container port must agree on it. Shared by the rules that judge one aspect each.
/// </summary>
public static class InboundPortConflicts
{
    /// <summary>
    /// For each in-mesh workload, the ports of in-mesh Services (those <paramref name="include"/> accepts) grouped by
    /// the container port they target; each port that <paramref name="disagree"/>s with a port of another Service in
    /// its group is returned once, with the first such port.
    /// </summary>
    public static IEnumerable<InboundPortConflict> Find(MeshIndex index, Func<ServicePort, bool> include, Func<ServicePort, ServicePort, bool> disagree)
    {
        var reported = new HashSet<ServicePort>();

        // The conflict is in the sidecar's inbound listeners: only workloads with a sidecar have them.
        foreach (var workload in index.OfType<Workload>().Where(w => IstioInjection.IsInMesh(w, index)))
        {
            var targets = index.ServicesSelecting(workload)
                .Where(s => !IstioServices.IsOutsideMesh(s, index))
                .SelectMany(s => s.Ports.Select(p => (Service: s, Port: p, Target: ServiceTargets.Resolve(p, workload))))
                .Where(t => t.Target is not null && include(t.Port))
                .GroupBy(t => t.Target!.Value);
            foreach (var group in targets)
            {
                var entries = group.ToList();
                foreach (var entry in entries)
                {
                    var other = entries.FirstOrDefault(o => !ReferenceEquals(o.Service, entry.Service) && disagree(o.Port, entry.Port));
                    if (other.Service is null || !reported.Add(entry.Port))
                    {
                        continue;
                    }

                    yield return new InboundPortConflict(workload, group.Key, entry.Service, entry.Port, other.Service, other.Port);
                }
            }
        }
    }
}
