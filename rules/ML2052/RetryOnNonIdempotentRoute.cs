using System.Text.RegularExpressions;
using MeshLint.Core.Model;
using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed partial class RetryOnNonIdempotentRoute : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2052",
        Name: "RetryOnNonIdempotentRoute",
        Mesh: Mesh.Linkerd,
        Category: Category.Resilience,
        Title: "Retries configured for POST or PATCH requests",
        Description: "A retried POST or PATCH is sent again after the server may already have acted on it: a failed response or a timeout does not mean the write did not happen, so retries can charge a card twice or duplicate an order. Linkerd retries whatever the route or ServiceProfile says is retryable.",
        Remediation: "Configure retries only on routes that match idempotent methods (GET, HEAD, PUT, DELETE with idempotent handlers), or make the endpoint idempotent (idempotency keys) before enabling them.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["ServiceProfile", "HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute"],
        Tags: ["retries"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var route in context.Index.OfType<GatewayApiRoute>().Where(LinkerdRoutes.IsHttp))
        {
            if (!route.ParentRefs.Any(p => LinkerdPolicy.IsServiceParent(p) || LinkerdPolicy.IsEgressNetworkParent(p)))
            {
                continue;
            }

            var retry = route.Annotations.Entries.FirstOrDefault(e => e.Key.Value is LinkerdAnnotations.RetryHttp or LinkerdAnnotations.RetryLimit or LinkerdAnnotations.RetryTimeout);
            if (retry.Key.Value is null || retry.Key.Value == LinkerdAnnotations.RetryLimit && retry.Value.Value == "0")
            {
                continue;
            }

            var methods = route.Rules.SelectMany(r => LinkerdRoutes.Matches(r)).Select(m => m.Method?.Value).Where(m => m is "POST" or "PATCH").Distinct().ToList();
            if (methods.Count > 0)
            {
                yield return RuleContext.Report(Rule, route, retry.Key.Span,
                    $"HTTPRoute {route.Name} retries requests ({retry.Key.Value}) and matches {string.Join(" and ", methods)} requests, which a retry may apply twice.");
            }
        }

        foreach (var profile in context.Index.OfType<ServiceProfile>())
        {
            var retried = profile.Routes
                .Where(r => r.IsRetryable is { Value: true } && r.Condition is { } c && !IsGrpc(c) && Methods(c).Any(m => m is "POST" or "PATCH"))
                .ToList();
            if (retried.Count == 0)
            {
                continue;
            }

            var names = string.Join(", ", retried.Take(5).Select(r => r.Name?.Value)) + (retried.Count > 5 ? ", ..." : string.Empty);
            var methods = string.Join(" or ", retried.SelectMany(r => Methods(r.Condition!)).Where(m => m is "POST" or "PATCH").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            yield return RuleContext.Report(Rule, profile, retried[0].IsRetryable!.Value.Span,
                $"ServiceProfile {profile.Name} marks {retried.Count} route(s) that match {methods} requests as retryable ({names}); a retry may apply such a request twice.");
        }
    }

    /// <summary>
    /// gRPC calls are all POSTs to /package.Service/Method: the HTTP method says nothing about idempotency there,
    /// so those routes are left out.
    /// </summary>
    private static bool IsGrpc(MappingNode condition) =>
        condition["pathRegex"] is ScalarNode path && GrpcPath().IsMatch(path.Value);

    [GeneratedRegex(@"^/[A-Za-z0-9_\\.]+\.[A-Za-z0-9_\\]+/[A-Za-z0-9_]+$")]
    private static partial Regex GrpcPath();

    /// <summary>Methods a ServiceProfile condition requires (top level and inside all/any; not under not).</summary>
    private static IEnumerable<string> Methods(MappingNode condition)
    {
        if (condition["method"] is ScalarNode method)
        {
            yield return method.Value.ToUpperInvariant();
        }

        foreach (var key in new[] { "all", "any" })
        {
            if (condition[key] is SequenceNode list)
            {
                foreach (var item in list.Items.OfType<MappingNode>())
                {
                    foreach (var inner in Methods(item))
                    {
                        yield return inner;
                    }
                }
            }
        }
    }
}
