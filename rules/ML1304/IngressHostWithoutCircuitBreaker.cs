using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class IngressHostWithoutCircuitBreaker : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1304",
        Name: "IngressHostWithoutCircuitBreaker",
        Mesh: Mesh.Istio,
        Category: Category.Resilience,
        Title: "Host exposed through a gateway has no circuit breaker",
        Description: "Outlier detection (ejecting failing endpoints) and connection pool limits (failing fast instead of queueing) are both off unless a DestinationRule sets them. For a service that receives traffic from an ingress gateway, a crashed pod keeps receiving external requests, retries pile onto failing endpoints, and a spike or slow backend becomes unbounded queues that exhaust the gateway for every route it serves.",
        Remediation: "In the host's DestinationRule (create one if needed), set `trafficPolicy.outlierDetection` (consecutive5xxErrors, interval, baseEjectionTime) and `trafficPolicy.connectionPool` limits (tcp.maxConnections, http.http1MaxPendingRequests, http.http2MaxRequests).",
        DefaultSeverity: Severity.Note,
        Inputs: ["VirtualService", "Gateway", "HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "Service", "DestinationRule", "GatewayClass"],
        Tags: ["resilience", "circuit-breaking", "gateway"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var group in IstioGateways.IngressBackends(index).GroupBy(b => b.Host, StringComparer.Ordinal))
        {
            var host = group.Key;
            var rules = IstioGateways.DestinationRulesFor(index, host).Distinct().ToList();
            var hasOutlier = rules.Any(r => Policies(r).Any(p => p.OutlierDetection is not null || PortLevel(p, "outlierDetection")));
            var hasLimits = rules.Any(r => Policies(r).Any(p => p.ConnectionPool is not null || PortLevel(p, "connectionPool")));
            if (hasOutlier && hasLimits)
            {
                continue;
            }

            var missing = (hasOutlier, hasLimits) switch
            {
                (false, false) => "no outlier detection and no connection limits",
                (false, true) => "no outlier detection",
                _ => "no connection limits",
            };
            var first = group.First();
            var exposure = $"receives traffic from gateway {first.Gateway}";
            if (rules.FirstOrDefault(r => r.Host is not null && !Hosts.IsWildcard(r.Host.Value.Value)) is { } rule)
            {
                yield return RuleContext.Report(Rule, rule, rule.Spec?.KeySpanOr("trafficPolicy") ?? rule.SpecSpan,
                    $"Service {host} {exposure}, but DestinationRule {rule.Name} sets {missing}.",
                    new RelatedLocation(first.Span, $"route from gateway {first.Gateway}", first.Route.Ref));
            }
            else
            {
                yield return RuleContext.Report(Rule, first.Route, first.Span,
                    $"Service {host} {exposure}, but no DestinationRule gives it a circuit breaker ({missing}).");
            }
        }
    }

    private static IEnumerable<TrafficPolicy> Policies(DestinationRule rule) =>
        rule.Subsets.Select(s => s.TrafficPolicy).Prepend(rule.TrafficPolicy).OfType<TrafficPolicy>();

    private static bool PortLevel(TrafficPolicy policy, string field) => policy.PortLevelSettings.Any(p => p.Node[field] is MappingNode);
}
