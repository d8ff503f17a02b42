using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Rules;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class GatewayApiListenerConflict : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4011",
        Name: "GatewayApiListenerConflict",
        Mesh: Mesh.Kubernetes,
        Category: Category.Routing,
        Title: "Two Gateways listen on the same host and port",
        Description: "Two Gateway API Gateways of the same class with listeners for the same hostname and port compete for the same traffic. With Istio's automated deployment each Gateway gets its own load balancer and DNS can send the hostname to only one of them, so the routes attached to the other are unreachable; with shared addresses or a manually deployed gateway the listeners conflict and one set of routes is dropped.",
        Remediation: "Serve the hostname from a single Gateway and attach all its routes there, or give the Gateways distinct hostnames or ports.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Gateway"],
        Equivalents: ["KIA1501"],
        Tags: ["gateway-api"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var gateways = context.Index.OfType<KubernetesGateway>().ToList();
        foreach (var gateway in gateways)
        {
            foreach (var listener in gateway.Listeners)
            {
                // An HBONE listener is the mesh tunnel port of a waypoint or east-west gateway: Istio gives every such
                // Gateway its own deployment and address and sends traffic there by address, never by hostname.
                if (listener.Port is not { } port || listener.Protocol?.Value == "HBONE")
                {
                    continue;
                }

                var host = listener.Hostname?.Value ?? string.Empty;
                var clash = gateways
                    .Where(o => !ReferenceEquals(o, gateway) && o.GatewayClassName?.Value == gateway.GatewayClassName?.Value)
                    .SelectMany(o => o.Listeners.Select(l => (Gateway: o, Listener: l)))
                    .FirstOrDefault(o => o.Listener.Port?.Value == port.Value && string.Equals(o.Listener.Hostname?.Value ?? string.Empty, host, StringComparison.OrdinalIgnoreCase));
                if (clash.Gateway is null)
                {
                    continue;
                }

                var shown = host.Length == 0 ? "every host" : host;
                yield return RuleContext.Report(Rule, gateway, listener.Hostname?.Span ?? listener.Span,
                    $"Listener {listener.Name?.Value ?? "?"} of Gateway {gateway.Name} serves {shown} on port {RuleText.Number(port.Value)}, as does Gateway {clash.Gateway.Ref.Namespace}/{clash.Gateway.Name}.",
                    new RelatedLocation(clash.Listener.Hostname?.Span ?? clash.Listener.Span, $"{clash.Gateway.Ref} listens there too", clash.Gateway.Ref));
            }
        }
    }
}
