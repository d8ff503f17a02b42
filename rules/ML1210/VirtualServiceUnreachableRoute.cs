using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class VirtualServiceUnreachableRoute : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1210",
        Name: "VirtualServiceUnreachableRoute",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "VirtualService route can never match",
        Description: "Routes are evaluated in order and the first match wins. A route placed after a route without `match` (which takes every request), or whose matches all repeat matches of earlier routes, is never used. Often a YAML slip: a `-` that splits one route (a fault plus a mirror) into two, or a catch-all added at the top; the dead route's canary or test routing silently never applies.",
        Remediation: "Put the most specific routes first and the catch-all route last, merge routes split by a stray `-`, and remove routes whose matches earlier routes already take.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["VirtualService"],
        Equivalents: ["IST0130"],
        Tags: ["routing"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var service in context.Index.OfType<VirtualService>())
        {
            foreach (var routes in new[] { service.Http, service.Tcp, service.Tls })
            {
                foreach (var dead in RouteShadowing.Analyze(routes).Unreachable)
                {
                    var reason = dead.AfterCatchAll
                        ? $"{RuleText.Route(dead.By)} before it has no match and takes every request"
                        : $"all matches are taken by earlier routes ({RuleText.Route(dead.By)})";
                    yield return RuleContext.Report(Rule, service, dead.Route.Node.Span,
                        $"{Capitalize(RuleText.Route(dead.Route))} is never used: {reason}.",
                        new RelatedLocation(dead.By.Node.Span, $"{RuleText.Route(dead.By)} takes the requests", service.Ref));
                }
            }
        }
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
