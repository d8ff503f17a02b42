using MeshLint.Core.Model;
using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class ContradictoryTimeouts : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2051",
        Name: "ContradictoryTimeouts",
        Mesh: Mesh.Linkerd,
        Category: Category.Resilience,
        Title: "Timeouts contradict each other",
        Description: "`timeout.linkerd.io/request` bounds the whole request, retries included. A `retry.linkerd.io/timeout` at least as long means no attempt can time out and be retried before the request itself fails; a `timeout.linkerd.io/response` longer than the request timeout never fires. When both `timeout.linkerd.io/request` and an HTTPRoute rule's `timeouts.request` are set, the annotation wins and the rule's value is ignored.",
        Remediation: "Keep `retry.linkerd.io/timeout` and `timeout.linkerd.io/response` below `timeout.linkerd.io/request`, and set the request timeout in one place only.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Service", "HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute"],
        Tags: ["timeouts"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var service in context.Index.OfType<Service>())
        {
            foreach (var finding in Check(service, service.Annotations, []))
            {
                yield return finding;
            }
        }

        foreach (var route in context.Index.OfType<GatewayApiRoute>())
        {
            if (LinkerdRoutes.IsHttpOrGrpc(route) && route.ParentRefs.Any(p => LinkerdPolicy.IsServiceParent(p) || LinkerdPolicy.IsEgressNetworkParent(p)))
            {
                foreach (var finding in Check(route, route.Annotations, route.Rules))
                {
                    yield return finding;
                }
            }
        }
    }

    private static IEnumerable<Finding> Check(MeshObject owner, LabelSet annotations, IEnumerable<GatewayApiRouteRule> rules)
    {
        var request = Read(annotations, LinkerdAnnotations.TimeoutRequest);
        var response = Read(annotations, LinkerdAnnotations.TimeoutResponse);
        var retry = Read(annotations, LinkerdAnnotations.RetryTimeout);
        if (request is { Time: var requestTime } r && requestTime > TimeSpan.Zero)
        {
            if (retry is { } rt && rt.Time >= requestTime)
            {
                yield return RuleContext.Report(Rule, owner, rt.Span,
                    $"retry.linkerd.io/timeout {rt.Text} on {owner.Kind} {owner.Name} is not shorter than timeout.linkerd.io/request {r.Text}: no attempt can time out and be retried before the whole request fails.");
            }

            if (response is { } rs && rs.Time > requestTime)
            {
                yield return RuleContext.Report(Rule, owner, rs.Span,
                    $"timeout.linkerd.io/response {rs.Text} on {owner.Kind} {owner.Name} is longer than timeout.linkerd.io/request {r.Text}, which always fires first.");
            }
        }

        if (request is { } annotation)
        {
            foreach (var rule in rules)
            {
                if (LinkerdRoutes.Timeout(rule, "request") is { } field && LinkerdParsing.GatewayDuration(field.Value) is { } fieldTime && fieldTime != annotation.Time && fieldTime != TimeSpan.Zero)
                {
                    yield return RuleContext.Report(Rule, owner, field.Span,
                        $"timeouts.request {field.Value} in a rule of {owner.Kind} {owner.Name} is ignored: the route's timeout.linkerd.io/request annotation ({annotation.Text}) takes precedence.");
                }
            }
        }
    }

    private static (TimeSpan Time, string Text, SourceSpan Span)? Read(LabelSet annotations, string key) =>
        annotations.TryGet(key, out var value) && LinkerdParsing.LinkerdDuration(value.Value, out _) is { } time ? (time, value.Value, value.Span) : null;
}
