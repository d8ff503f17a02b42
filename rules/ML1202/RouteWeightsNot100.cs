using System.Globalization;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class RouteWeightsNot100 : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1202",
        Name: "RouteWeightsNotHundred",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "VirtualService route weights do not sum to 100",
        Description: "The weights of a route's destinations are percentages of its traffic and must add up to 100. Older Istio releases reject the object; newer ones scale the weights, so a canary meant to get 10% may get a different share than the manifest says. A destination with no weight counts as 0 once any destination has one.",
        Remediation: "Change the weights so that they add up to exactly 100 (for example 90 and 10).",
        DefaultSeverity: Severity.Warning,
        Inputs: ["VirtualService"],
        Tags: ["routing", "canary"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var service in context.Index.OfType<VirtualService>())
        {
            foreach (var route in service.AllRoutes)
            {
                if (route.Routes.Length < 2 || route.Routes.All(r => r.Weight is null))
                {
                    continue;
                }

                var sum = route.Routes.Sum(r => r.Weight?.Value ?? 0);
                if (sum == 100)
                {
                    continue;
                }

                var weights = string.Join(" + ", route.Routes.Select(r => (r.Weight?.Value ?? 0).ToString(CultureInfo.InvariantCulture)));
                var finding = RuleContext.Report(Rule, service, route.RouteSpan ?? route.Node.Span,
                    $"The weights of {route.Protocol} route {(route.Index + 1).ToString(CultureInfo.InvariantCulture)} sum to {sum.ToString(CultureInfo.InvariantCulture)} ({weights}), not 100.");
                yield return WithFix(finding, route, sum);
            }
        }
    }

    /// <summary>When the last weighted destination can absorb the difference, offer that one-value change.</summary>
    private static Finding WithFix(Finding finding, VirtualServiceRoute route, long sum)
    {
        var last = route.Routes.LastOrDefault(r => r.Weight is not null)?.Weight;
        if (last is not Located<long> weight || route.Routes.Any(r => r.Weight is null))
        {
            return finding;
        }

        var replacement = weight.Value + (100 - sum);
        if (replacement is < 0 or > 100)
        {
            return finding;
        }

        var text = replacement.ToString(CultureInfo.InvariantCulture);
        return finding with { Fixes = [new Fix($"Set the last weight to {text}", [FixEdits.SetScalar(weight, text)])] };
    }
}
