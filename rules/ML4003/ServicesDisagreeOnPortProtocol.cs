using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class ServicesDisagreeOnPortProtocol : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4003",
        Name: "ServicesDisagreeOnPortProtocol",
        Mesh: Mesh.Kubernetes,
        Category: Category.Configuration,
        Title: "Services give the same workload port different protocols",
        Description: "The sidecar builds one inbound listener per workload port, with one protocol. When two Services select the same pods and send to the same container port while declaring different protocols (one http, the other tcp; or TCP and UDP), Istio must pick one: traffic through the other Service is proxied with the wrong protocol, HTTP features lost or opaque bytes parsed as HTTP, depending on which Service Istio saw first.",
        Remediation: "Give the port the same protocol (name prefix or appProtocol) in every Service that targets it, or serve the two protocols on different container ports.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Service", "Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "Rollout"],
        Equivalents: ["IST0116"],
        Tags: ["istio", "protocol"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var reported = new HashSet<ServicePort>();
        // The conflict is in the sidecar's inbound listeners: only workloads with a sidecar have them.
        foreach (var workload in index.OfType<Workload>().Where(w => IstioInjection.IsInMesh(w, index)))
        {
            var targets = index.ServicesSelecting(workload)
                .Where(s => !IstioServices.IsOutsideMesh(s, index))
                .SelectMany(s => s.Ports.Select(p => (Service: s, Port: p, Target: ServiceTargets.Resolve(p, workload))))
                .Where(t => t.Target is not null)
                .GroupBy(t => t.Target!.Value);
            foreach (var group in targets)
            {
                var entries = group.ToList();
                foreach (var entry in entries)
                {
                    var other = entries.FirstOrDefault(o => !ReferenceEquals(o.Service, entry.Service) && Conflict(o.Port, entry.Port));
                    if (other.Service is null || !reported.Add(entry.Port))
                    {
                        continue;
                    }

                    yield return RuleContext.Report(Rule, entry.Service, entry.Port.Span,
                        $"Service {entry.Service.Name} sends port {RuleText.Number(group.Key)} of {workload.Kind} {workload.Name} as {Describe(entry.Port)}, but Service {other.Service.Ref.Namespace}/{other.Service.Name} sends it as {Describe(other.Port)}.",
                        new RelatedLocation(other.Port.Span, $"{other.Service.Ref} declares {Describe(other.Port)}", other.Service.Ref));
                }
            }
        }
    }

    private static string L4(ServicePort port) => port.Protocol?.Value.ToUpperInvariant() ?? "TCP";

    private static bool Conflict(ServicePort a, ServicePort b)
    {
        if (L4(a) != L4(b))
        {
            return true;
        }

        var pa = PortProtocols.Of(a);
        var pb = PortProtocols.Of(b);
        return pa != PortProtocols.Unsupported && pb != PortProtocols.Unsupported && pa != pb;
    }

    private static string Describe(ServicePort port) =>
        PortProtocols.Of(port) is var p && p != PortProtocols.Unsupported ? $"{p} ({L4(port)})" : $"undeclared ({L4(port)})";
}
