using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class RouteNotAccepted : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4203",
        Name: "RouteNotAccepted",
        Mesh: Mesh.Kubernetes,
        Category: Category.Routing,
        Title: "Route is not accepted by its parent's controller",
        Description: "The controller that owns the route's parent (the Linkerd policy controller, Istio, a gateway) wrote Accepted=False or ResolvedRefs=False into status.parents: the route never attached (NoMatchingParent, NotAllowedByListeners) or points at backends that do not resolve (BackendNotFound, RefNotPermitted). Its matches, filters, retries and the authorization tied to it do nothing, or its requests fail.",
        Remediation: "Read the condition's reason and message, then fix the parentRefs (name, kind, port, sectionName), the backendRefs, or the ReferenceGrant that allows the cross-namespace reference.",
        DefaultSeverity: Severity.Error,
        Inputs: ["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute"],
        Tags: ["live", "status", "gateway-api"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var route in context.Index.Objects)
        {
            if (!Rule.Inputs.Contains(route.Kind) || (route.Root["status"] as MappingNode)?["parents"] is not SequenceNode parents)
            {
                continue;
            }

            foreach (var parent in parents.Items.OfType<MappingNode>())
            {
                var reference = parent["parentRef"] as MappingNode;
                var parentName = $"{reference?["kind"]?.ToString() ?? "Gateway"}/{reference?["name"]}";
                var controller = parent["controllerName"]?.ToString() ?? "its controller";
                foreach (var condition in StatusCondition.Read(parent["conditions"]).Where(c => c.IsFalse && c.Type is "Accepted" or "ResolvedRefs"))
                {
                    var detail = condition.Message is null ? string.Empty : $": {condition.Message}";
                    yield return RuleContext.Report(Rule, route, condition.Span,
                        $"{route.Kind} {route.Name} has {condition.Type}=False ({condition.Reason ?? "no reason"}) from {controller} for parent {parentName}{detail}.");
                }
            }
        }
    }
}
