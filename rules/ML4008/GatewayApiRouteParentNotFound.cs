using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class GatewayApiRouteParentNotFound : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4008",
        Name: "GatewayApiRouteParentNotFound",
        Mesh: Mesh.Kubernetes,
        Category: Category.Routing,
        Title: "Route is attached to a Gateway that does not exist",
        Description: "An HTTPRoute, GRPCRoute, TCPRoute or TLSRoute takes effect only through its parentRefs; a Gateway parent (the default kind) is looked up in the route's namespace unless `namespace` is set. A Gateway that does not exist leaves the route unattached: its hostnames are not served. Only the route's status would tell.",
        Remediation: "Correct parentRefs (name, namespace, kind), or create the Gateway.",
        DefaultSeverity: Severity.Error,
        Inputs: ["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute", "Gateway"],
        Equivalents: ["KIA1401"],
        Tags: ["gateway-api", "reference"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var route in index.OfType<GatewayApiRoute>())
        {
            var ns = route.Namespace ?? "default";
            foreach (var parent in route.ParentRefs)
            {
                var parentNamespace = parent.NamespaceOr(ns);
                // Service (mesh) parents are ML2040's concern, which knows Linkerd's parent kinds as well.
                if (parent.IsGateway && GatewayApiReferences.FindGateway(index, parentNamespace, parent.Name.Value) is null)
                {
                    yield return RuleContext.Report(Rule, route, parent.Name.Span,
                        $"Parent {parent.KindOrDefault} {parentNamespace}/{parent.Name.Value} of {route.Kind} {route.Name} does not exist, so the route is not attached.");
                }
            }
        }
    }
}
