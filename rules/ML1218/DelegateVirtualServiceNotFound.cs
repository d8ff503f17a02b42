using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class DelegateVirtualServiceNotFound : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1218",
        Name: "DelegateVirtualServiceNotFound",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "Delegated VirtualService does not exist",
        Description: "`http[].delegate` hands the matched requests to another VirtualService (one without `hosts`), named by `name` and `namespace` (the root's namespace when omitted). When that VirtualService does not exist, Istio drops the delegating route: matching requests fall through to later routes or get 404, and nothing reports the broken link.",
        Remediation: "Correct `delegate.name` / `delegate.namespace`, or create the delegate VirtualService (without `hosts`).",
        DefaultSeverity: Severity.Error,
        Inputs: ["VirtualService"],
        Equivalents: ["IST0101"],
        Tags: ["routing", "reference"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var services = context.Index.OfType<VirtualService>();
        foreach (var service in services)
        {
            foreach (var route in service.Http)
            {
                if (route.Delegate is not { } target)
                {
                    continue;
                }

                var ns = target.Namespace?.Value ?? service.Namespace ?? "default";
                if (services.Any(s => s.Name == target.Name.Value && s.Namespace == ns))
                {
                    continue;
                }

                yield return RuleContext.Report(Rule, service, target.Name.Span,
                    $"Delegate VirtualService {ns}/{target.Name.Value} of {RuleText.Route(route)} does not exist, so the route is dropped.");
            }
        }
    }
}
