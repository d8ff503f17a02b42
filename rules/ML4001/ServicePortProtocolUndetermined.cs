using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class ServicePortProtocolUndetermined : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4001",
        Name: "ServicePortProtocolUndetermined",
        Mesh: Mesh.Kubernetes,
        Category: Category.Configuration,
        Title: "Service port protocol cannot be determined",
        Description: "Istio chooses how to proxy a port (HTTP, gRPC, TLS, TCP...) from its `appProtocol`, or else from its name, which must be `<protocol>` or `<protocol>-<suffix>`. A port named otherwise, or unnamed, falls back to protocol sniffing: server-first protocols can stall, and HTTP features (path and header routing, retries, L7 authorization, request metrics) may silently not apply. Ports 25, 53, 3306 and 27017 are treated as TCP and not reported, nor are Services in namespaces with injection disabled.",
        Remediation: "Name the port `<protocol>[-<suffix>]` (http, http2, https, grpc, grpc-web, tcp, tls, mongo, mysql, redis) or set `appProtocol`.",
        DefaultSeverity: Severity.Note,
        Inputs: ["Service", "Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "Rollout", "VirtualService", "DestinationRule"],
        Equivalents: ["IST0118", "KIA0601"],
        Tags: ["istio", "protocol"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var service in context.Index.OfType<Service>())
        {
            if (service.ServiceType == "ExternalName" || !IstioServices.IsInIstioMesh(service, context.Index))
            {
                continue;
            }

            foreach (var port in service.Ports)
            {
                // An unknown appProtocol is ML4002's finding.
                if (port.AppProtocol is not null || PortProtocols.IsDeclared(port))
                {
                    continue;
                }

                var number = port.Port is { } p ? RuleText.Number(p.Value) : "?";
                var name = port.Name is { } n ? $"Port {n.Value}" : "Unnamed port";
                yield return RuleContext.Report(Rule, service, port.Name?.Span ?? port.Span,
                    $"{name} ({number}) of Service {service.Name} names no protocol, so Istio falls back to protocol sniffing.");
            }
        }
    }
}
