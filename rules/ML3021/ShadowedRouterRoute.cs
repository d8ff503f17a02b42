using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class ShadowedRouterRoute : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3021",
        Name: "ShadowedRouterRoute",
        Mesh: Mesh.Consul,
        Category: Category.Routing,
        Title: "ServiceRouter route can never match",
        Description: "Consul evaluates ServiceRouter routes in order and uses the first that matches. A route after one that matches everything it matches (a route without match or with pathPrefix / alone, the same path, or a shorter path prefix with no other condition) is never used: requests meant for it go to the earlier destination.",
        Remediation: "Order routes from the most specific to the least specific, and keep catch-all routes last.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["ServiceRouter"],
        Tags: ["routing"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var router in context.Index.OfType<ServiceRouter>())
        {
            var routes = router.Routes;
            for (var later = 1; later < routes.Length; later++)
            {
                if (!InvalidRouterRoute.IsValid(routes[later]))
                {
                    continue;
                }

                for (var earlier = 0; earlier < later; earlier++)
                {
                    if (!InvalidRouterRoute.IsValid(routes[earlier]) || !Covers(routes[earlier].Http, routes[later].Http))
                    {
                        continue;
                    }

                    var shadowed = routes[later];
                    var at = shadowed.Http?.PathExact?.Span ?? shadowed.Http?.PathPrefix?.Span ?? shadowed.Http?.PathRegex?.Span ?? shadowed.MatchSpan ?? shadowed.Span;
                    yield return RuleContext.Report(Rule, router, at,
                        $"ServiceRouter {router.Name} route {later + 1} can never match: route {earlier + 1} ({Describe(routes[earlier].Http)}) matches every request it would.",
                        new RelatedLocation(routes[earlier].MatchSpan ?? routes[earlier].Span, $"route {earlier + 1}, which matches first", router.Ref));
                    break;
                }
            }
        }
    }

    /// <summary>True when every request <paramref name="later"/> matches is matched by <paramref name="earlier"/>.</summary>
    private static bool Covers(RouteHttpMatch? earlier, RouteHttpMatch? later)
    {
        if (earlier is null)
        {
            return true;
        }

        if (!earlier.HasOnlyPath || earlier.PathRegex is not null)
        {
            return false;
        }

        if (earlier.PathExact is null && earlier.PathPrefix is null)
        {
            return true;
        }

        if (earlier.PathPrefix?.Value == "/")
        {
            return true;
        }

        if (later is null || later.PathRegex is not null)
        {
            return false;
        }

        // A case-insensitive later route matches paths a case-sensitive earlier one does not.
        var earlierInsensitive = earlier.CaseInsensitive?.Value == true;
        if (later.CaseInsensitive?.Value == true && !earlierInsensitive)
        {
            return false;
        }

        var comparison = earlierInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var laterPath = later.PathExact?.Value ?? later.PathPrefix?.Value;
        if (laterPath is null)
        {
            return false;
        }

        if (earlier.PathPrefix is { } prefix)
        {
            return laterPath.StartsWith(prefix.Value, comparison);
        }

        return later.PathExact is { } exact && string.Equals(exact.Value, earlier.PathExact!.Value.Value, comparison);
    }

    private static string Describe(RouteHttpMatch? match) => match switch
    {
        null => "no match",
        { PathPrefix: { } prefix } => $"pathPrefix {prefix.Value}",
        { PathExact: { } exact } => $"pathExact {exact.Value}",
        _ => "an empty match",
    };
}
