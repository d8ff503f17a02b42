using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class RouteRejected : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2017",
        Name: "RouteRejected",
        Mesh: Mesh.Linkerd,
        Category: Category.Routing,
        Title: "Route that Linkerd rejects or drops",
        Description: "For routes whose parents Linkerd serves, the policy webhook rejects an `EgressNetwork` parent without `port`, a Service `backendRef` without `port`, and `timeouts.backendRequest` longer than `timeouts.request`; a TLSRoute or TCPRoute must have exactly one rule. A parent `Server` referenced with a `namespace`, `port` or `sectionName` makes the policy controller drop the inbound route entirely. Either way the route's authorization, routing or timeouts never take effect.",
        Remediation: "Give EgressNetwork parents and Service backends a port, keep `backendRequest` at most `request`, and reference a parent Server by name only, in the route's own namespace.",
        DefaultSeverity: Severity.Error,
        Inputs: ["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute"],
        Tags: ["admission", "routing"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var route in context.Index.OfType<GatewayApiRoute>())
        {
            foreach (var problem in LinkerdAdmission.RouteProblems(route))
            {
                yield return RuleContext.Report(Rule, route, problem.Span, $"{route.Kind} {route.Name}: {problem.Message}.");
            }
        }
    }
}
