using MeshLint.Core.Model;
using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class InvalidRouterRoute : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3020",
        Name: "InvalidRouterRoute",
        Mesh: Mesh.Consul,
        Category: Category.Routing,
        Title: "ServiceRouter route the webhook rejects",
        Description: "The consul-k8s webhook rejects a ServiceRouter route whose destination sets prefixRewrite without a pathPrefix or pathExact match, whose match sets more than one of pathExact, pathPrefix and pathRegex, whose pathExact or pathPrefix does not start with /, or whose header or query match sets more than one matcher. The router never reaches Consul.",
        Remediation: "Use one path matcher per route, start paths with /, pair prefixRewrite with a path match, and give each header or query match a single matcher.",
        DefaultSeverity: Severity.Error,
        Inputs: ["ServiceRouter"],
        Tags: ["webhook", "routing"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var router in context.Index.OfType<ServiceRouter>())
        {
            for (var i = 0; i < router.Routes.Length; i++)
            {
                foreach (var (span, problem) in Problems(router.Routes[i]))
                {
                    yield return RuleContext.Report(Rule, router, span, $"ServiceRouter {router.Name} route {i + 1}: {problem}.");
                }
            }
        }
    }

    /// <summary>True when the webhook accepts the route's match (ShadowedRoute only reasons about valid routes).</summary>
    internal static bool IsValid(ServiceRoute route) => !Problems(route).Any();

    private static IEnumerable<(SourceSpan Span, string Problem)> Problems(ServiceRoute route)
    {
        var http = route.Http;
        if (route.Destination?.PrefixRewrite is { } rewrite && http?.PathPrefix is null && http?.PathExact is null)
        {
            yield return (rewrite.Span, "destination.prefixRewrite needs a pathPrefix or pathExact match");
        }

        if (http is null)
        {
            yield break;
        }

        var paths = new[] { http.PathExact, http.PathPrefix, http.PathRegex }
            .Where(p => p is { Value.Length: > 0 })
            .Select(p => p!.Value)
            .OrderBy(p => p.Span.StartLine).ThenBy(p => p.Span.StartColumn)
            .ToList();
        foreach (var extra in paths.Skip(1))
        {
            yield return (extra.Span, "at most one of pathExact, pathPrefix and pathRegex may be set");
        }

        foreach (var path in new[] { http.PathExact, http.PathPrefix })
        {
            if (path is { Value.Length: > 0 } p && !p.Value.StartsWith('/'))
            {
                yield return (p.Span, $"path {p.Value} must begin with /");
            }
        }

        foreach (var header in http.Headers.Concat(http.QueryParams))
        {
            if (header.MatcherCount > 1)
            {
                yield return (header.Span, $"match on {header.Name?.Value ?? "(unnamed)"} sets more than one matcher");
            }
        }
    }
}
