using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class VirtualServiceGatewayNotFound : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1207",
        Name: "VirtualServiceGatewayNotFound",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "VirtualService is bound to a gateway that does not exist",
        Description: "A name in `gateways` (or in a route's `match.gateways`) refers to no Istio Gateway and no Gateway API Gateway. A name without a namespace is looked up in the VirtualService's namespace. The routes are attached to nothing: the host gets 404 at the ingress, and since naming gateways drops the implicit `mesh`, sidecars do not use the routes either.",
        Remediation: "Correct the gateway name, qualify it as `<namespace>/<name>` when the Gateway lives in another namespace, or create the Gateway.",
        DefaultSeverity: Severity.Error,
        Inputs: ["VirtualService", "Gateway"],
        Equivalents: ["IST0101", "KIA1102"],
        Tags: ["routing", "reference", "gateway"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var service in context.Index.OfType<VirtualService>())
        {
            foreach (var binding in GatewayBindings.Of(service, context.Index))
            {
                // Generated gateway names are ML1208's concern; they exist only at run time.
                if (binding.IsMesh || binding.IsInternal || binding.Exists)
                {
                    continue;
                }

                var where = binding.FromMatch ? "match.gateways" : "gateways";
                yield return RuleContext.Report(Rule, service, binding.Reference.Span,
                    $"Gateway {binding.Key} named in {where} does not exist, so the routes bound to it are not applied.");
            }
        }
    }
}
