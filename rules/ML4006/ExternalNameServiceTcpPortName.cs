using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class ExternalNameServiceTcpPortName : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4006",
        Name: "ExternalNameServiceTcpPortName",
        Mesh: Mesh.Kubernetes,
        Category: Category.Routing,
        Title: "ExternalName Service port is named tcp",
        Description: "An ExternalName Service has no cluster IP, so for its TCP ports the sidecar cannot match traffic by destination address: the port becomes an outbound listener on 0.0.0.0:<port>, and connections on that port to other destinations can be captured by it, or this service's traffic by another. Istio flags ExternalName ports named exactly `tcp`, or with no recognisable protocol, because the proxy may then not forward their traffic correctly.",
        Remediation: "Name the port with its protocol and a suffix (`tcp-postgres`), or an application protocol when it has one (`http-api`, `tls-api`); for plain TCP prefer a ServiceEntry with addresses.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Service", "Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "Rollout", "VirtualService", "DestinationRule"],
        Equivalents: ["IST0150"],
        Tags: ["istio", "protocol"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var service in context.Index.OfType<Service>().Where(s => s.ServiceType == "ExternalName" && IstioServices.IsInIstioMesh(s, context.Index)))
        {
            foreach (var port in service.Ports)
            {
                if (port.Name?.Value == "tcp" || !PortProtocols.IsDeclared(port))
                {
                    var number = port.Port is { } p ? RuleText.Number(p.Value) : "?";
                    yield return RuleContext.Report(Rule, service, port.Name?.Span ?? port.Span,
                        $"Port {port.Name?.Value ?? "(unnamed)"} ({number}) of ExternalName Service {service.Name} is plain or undeclared TCP, which the proxy cannot match to this service.");
                }
            }
        }
    }
}
