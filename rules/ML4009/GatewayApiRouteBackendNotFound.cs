using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class GatewayApiRouteBackendNotFound : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4009",
        Name: "GatewayApiRouteBackendNotFound",
        Mesh: Mesh.Kubernetes,
        Category: Category.Routing,
        Title: "Route sends traffic to a Service that does not exist",
        Description: "backendRefs name Services (by default) in the route's namespace unless `namespace` is set; Istio also accepts ServiceEntry backends (group networking.istio.io). A reference to a Service that does not exist makes the rule answer 500 for the share of traffic sent to it, and the route reports ResolvedRefs False, which nothing surfaces at deploy time. A backendRef takes a Service name, not a DNS host name.",
        Remediation: "Correct the backend's name, namespace or kind, or create the Service.",
        DefaultSeverity: Severity.Error,
        Inputs: ["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute", "Service", "ServiceEntry"],
        Equivalents: ["KIA1402"],
        Tags: ["gateway-api", "reference"],
        ClosedWorld: true,
        IncompleteSeverity: Severity.Warning);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var route in context.Index.OfType<GatewayApiRoute>())
        {
            var ns = route.Namespace ?? "default";
            foreach (var backend in route.Rules.SelectMany(r => r.BackendRefs))
            {
                var backendNamespace = backend.NamespaceOr(ns);
                if (GatewayApiReferences.BackendExists(context.Index, backend, backendNamespace) is false
                    && !ClosedWorld.IsExternal(context.Settings, backendNamespace, backend.Name.Value))
                {
                    yield return context.ReportMissing(Rule, route, backend.Name.Span,
                        $"Backend {backend.KindOr("Service")} {backendNamespace}/{backend.Name.Value} of {route.Kind} {route.Name} is not in the checked files.");
                }
            }
        }
    }
}
