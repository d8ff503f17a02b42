using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class RouteNotAllowedByListener : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4014",
        Name: "RouteNotAllowedByListener",
        Mesh: Mesh.Kubernetes,
        Category: Category.Routing,
        Title: "Gateway listener does not accept the route's namespace",
        Description: "A Gateway listener accepts routes only from the namespaces its `allowedRoutes.namespaces` permits: Same (the default, the Gateway's own namespace), All, or Selector (namespaces whose labels match). A route in another namespace that names the Gateway is then not attached and its hostnames answer 404; only the route status (NotAllowedByListeners) tells. Selectors are evaluated against Namespace objects in the manifests.",
        Remediation: "Allow the route's namespace on the listener (`from: All`, or `from: Selector` with a label the namespace carries), or move the route into the Gateway's namespace.",
        DefaultSeverity: Severity.Error,
        Inputs: ["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute", "Gateway", "Namespace"],
        Tags: ["gateway-api"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var route in index.OfType<GatewayApiRoute>())
        {
            var ns = route.Namespace ?? "default";
            foreach (var parent in route.ParentRefs.Where(p => p.IsGateway))
            {
                var gatewayNamespace = parent.NamespaceOr(ns);
                if (GatewayApiReferences.FindGateway(index, gatewayNamespace, parent.Name.Value) is not { } gateway)
                {
                    continue;
                }

                var listeners = GatewayApiReferences.ListenersFor(gateway, parent).ToList();
                if (listeners.Count == 0 || listeners.Any(l => GatewayApiReferences.Allows(l, gatewayNamespace, ns, index)))
                {
                    continue;
                }

                var policies = RuleText.List(listeners.Select(l => $"{l.Name?.Value ?? "?"}: {l.AllowedFrom}").Distinct());
                yield return RuleContext.Report(Rule, route, parent.Name.Span,
                    $"{route.Kind} {route.Name} in namespace {ns} names Gateway {gatewayNamespace}/{gateway.Name}, whose listeners do not allow routes from it ({policies}).",
                    new RelatedLocation(listeners[0].Span, $"{gateway.Ref} listener {listeners[0].Name?.Value}", gateway.Ref));
            }
        }
    }
}
