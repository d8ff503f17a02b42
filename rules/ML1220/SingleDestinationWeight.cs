using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class SingleDestinationWeight : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1220",
        Name: "SingleDestinationWeight",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "Only destination of a route has a weight below 100",
        Description: "A route with a single destination sends it all the traffic, whatever its `weight` says. A weight below 100 there suggests a traffic split whose other destination was removed or never added: the canary or the gradual rollout the number describes does not happen.",
        Remediation: "Add the destination that should receive the rest of the traffic, or remove the weight.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["VirtualService"],
        Equivalents: ["KIA1104"],
        Tags: ["routing", "canary"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var service in context.Index.OfType<VirtualService>())
        {
            foreach (var route in service.AllRoutes)
            {
                if (route.Routes.Length != 1 || route.Routes[0].Weight is not { Value: >= 0 and < 100 } weight)
                {
                    continue;
                }

                yield return RuleContext.Report(Rule, service, weight.Span,
                    $"The only destination of {RuleText.Route(route)} has weight {RuleText.Number(weight.Value)}, but receives all the traffic.");
            }
        }
    }
}
