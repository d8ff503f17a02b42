using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class ServiceAppProtocolUnknown : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4002",
        Name: "ServiceAppProtocolUnknown",
        Mesh: Mesh.Kubernetes,
        Category: Category.Configuration,
        Title: "Service port appProtocol is not a protocol Istio knows",
        Description: "When `appProtocol` is set, Istio uses it instead of the port name. It must be one of Istio's protocols (http, http2, https, grpc, grpc-web, tcp, tls, mongo, mysql, redis, optionally with a `-suffix`) or one of the Kubernetes names kubernetes.io/h2c, kubernetes.io/ws, kubernetes.io/wss. Any other value, even next to a well-formed port name, makes Istio fall back to protocol sniffing.",
        Remediation: "Set `appProtocol` to a supported value, or remove it and name the port after its protocol.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Service", "Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "Rollout", "VirtualService", "DestinationRule"],
        Equivalents: ["KIA0602"],
        Tags: ["istio", "protocol"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var service in context.Index.OfType<Service>())
        {
            if (!IstioServices.IsInIstioMesh(service, context.Index))
            {
                continue;
            }

            foreach (var port in service.Ports)
            {
                if (port.AppProtocol is { } app && !PortProtocols.IsDeclared(port) && port.Protocol?.Value is not "UDP")
                {
                    yield return RuleContext.Report(Rule, service, app.Span,
                        $"appProtocol {app.Value} of Service {service.Name} is not a protocol Istio recognises, so the port falls back to protocol sniffing.");
                }
            }
        }
    }
}
