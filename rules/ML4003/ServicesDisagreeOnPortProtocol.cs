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
        foreach (var c in InboundPortConflicts.Find(context.Index, _ => true, Conflict))
        {
            yield return RuleContext.Report(Rule, c.Service, c.Port.Span,
                $"Service {c.Service.Name} sends port {RuleText.Number(c.Target)} of {c.Workload.Kind} {c.Workload.Name} as {Describe(c.Port)}, but Service {c.OtherService.Ref.Namespace}/{c.OtherService.Name} sends it as {Describe(c.OtherPort)}.",
                new RelatedLocation(c.OtherPort.Span, $"{c.OtherService.Ref} declares {Describe(c.OtherPort)}", c.OtherService.Ref));
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
