using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class VirtualServiceIneffectiveMatch : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1211",
        Name: "VirtualServiceIneffectiveMatch",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "VirtualService match repeats an earlier match",
        Description: "A match condition of a route is already captured by an earlier route: the same conditions (its `name` aside), or a URI inside an earlier URI prefix with the same other conditions (`/api/v2` after `/api`). Requests it describes go to the earlier route, so the author's intent for them is lost; the route itself stays reachable through its other matches, so nothing fails loudly.",
        Remediation: "Order routes from the most specific match to the least specific one, or delete the redundant match.",
        DefaultSeverity: Severity.Note,
        Inputs: ["VirtualService"],
        Equivalents: ["IST0131"],
        Tags: ["routing"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var service in context.Index.OfType<VirtualService>())
        {
            foreach (var routes in new[] { service.Http, service.Tcp, service.Tls })
            {
                foreach (var shadow in RouteShadowing.Analyze(routes).Shadowed)
                {
                    var why = shadow.CoveringPrefix is { } prefix
                        ? $"URI prefix {prefix} of {RuleText.Route(shadow.By)} already matches it"
                        : $"{RuleText.Route(shadow.By)} has the same match";
                    yield return RuleContext.Report(Rule, service, shadow.Span,
                        $"A match of {RuleText.Route(shadow.Route)} is never used: {why}.",
                        new RelatedLocation(shadow.By.Node.Span, $"{RuleText.Route(shadow.By)} takes these requests", service.Ref));
                }
            }
        }
    }
}
