using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class InvalidRetryTimeoutAnnotation : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2050",
        Name: "InvalidRetryTimeoutAnnotation",
        Mesh: Mesh.Linkerd,
        Category: Category.Resilience,
        Title: "Retry, timeout or balancer annotation does not parse",
        Description: "Linkerd parses `retry.linkerd.io/*`, `timeout.linkerd.io/*` and `balancer.linkerd.io/*` strictly: retry conditions are a comma list with no spaces of `5xx`, `gateway-error`, a status code or a `lo-hi` range (HTTP) or of five gRPC status names; the limit is a 16-bit integer; durations need a unit (`ms`, `s`, `m`, `h`, `d`) and no fractions; the failure-accrual mode is `consecutive` (or `unified`). On a route with a Service parent a bad value is rejected by the webhook; on a Service it is logged and the whole retry, timeout or circuit-breaking setting is dropped.",
        Remediation: "Write the value in Linkerd's format, for example `5xx,429`, `\"3\"`, `1500ms`, `consecutive`.",
        DefaultSeverity: Severity.Error,
        Inputs: ["Service", "HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute"],
        Tags: ["retries", "timeouts"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var service in context.Index.OfType<Service>())
        {
            foreach (var problem in LinkerdRouteAnnotations.Problems(service.Annotations, LinkerdRouteAnnotations.Reader.Service))
            {
                var dropped = problem.Key.StartsWith("balancer.", StringComparison.Ordinal) ? "circuit-breaking" : problem.Key.StartsWith("retry.", StringComparison.Ordinal) ? "retry" : "timeout";
                yield return RuleContext.Report(Rule, service, problem.Span, $"Service {service.Name}: {problem.Message}; Linkerd logs the error and drops the Service's {dropped} configuration.");
            }
        }

        foreach (var route in context.Index.OfType<GatewayApiRoute>())
        {
            if (!LinkerdRoutes.IsHttpOrGrpc(route) || !route.ParentRefs.Any(p => LinkerdPolicy.IsServiceParent(p) || LinkerdPolicy.IsEgressNetworkParent(p)))
            {
                continue;
            }

            var reader = LinkerdRoutes.IsHttp(route) ? LinkerdRouteAnnotations.Reader.HttpRoute : LinkerdRouteAnnotations.Reader.GrpcRoute;
            foreach (var problem in LinkerdRouteAnnotations.Problems(route.Annotations, reader))
            {
                yield return RuleContext.Report(Rule, route, problem.Span, $"{route.Kind} {route.Name}: {problem.Message}; the policy webhook rejects the route.");
            }
        }
    }
}
