using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class GatewayApiDuplicateAddress : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4013",
        Name: "GatewayApiDuplicateAddress",
        Mesh: Mesh.Kubernetes,
        Category: Category.Routing,
        Title: "Two Gateways request the same address",
        Description: "`spec.addresses` asks the implementation for specific addresses (an IP, a hostname, or with Istio the name of an existing Service). Two Gateways requesting the same address and type cannot both get it: one is left without an address (Programmed False), or with a shared gateway Service their listeners collide, and the routes of one of them silently stop being served.",
        Remediation: "Give each Gateway its own address, or merge the Gateways' listeners into one Gateway.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Gateway"],
        Equivalents: ["KIA1502"],
        Tags: ["gateway-api"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var gateways = context.Index.OfType<KubernetesGateway>().ToList();
        foreach (var gateway in gateways)
        {
            foreach (var address in gateway.Addresses)
            {
                var twin = gateways
                    .Where(o => !ReferenceEquals(o, gateway))
                    .SelectMany(o => o.Addresses.Select(a => (Gateway: o, Address: a)))
                    .FirstOrDefault(o => o.Address.TypeOrDefault == address.TypeOrDefault && string.Equals(o.Address.Value.Value, address.Value.Value, StringComparison.OrdinalIgnoreCase));
                if (twin.Gateway is null)
                {
                    continue;
                }

                yield return RuleContext.Report(Rule, gateway, address.Value.Span,
                    $"Gateway {gateway.Name} requests {address.TypeOrDefault} {address.Value.Value}, as does Gateway {twin.Gateway.Ref.Namespace}/{twin.Gateway.Name}.",
                    new RelatedLocation(twin.Address.Value.Span, $"{twin.Gateway.Ref} requests it too", twin.Gateway.Ref));
            }
        }
    }
}
