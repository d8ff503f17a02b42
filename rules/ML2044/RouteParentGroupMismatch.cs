using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class RouteParentGroupMismatch : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2044",
        Name: "RouteParentGroupMismatch",
        Mesh: Mesh.Linkerd,
        Category: Category.Routing,
        Title: "Route parent group does not name a Linkerd parent",
        Description: "In a gateway.networking.k8s.io route, a `parentRef` without `group` defaults to `gateway.networking.k8s.io` (and in a policy.linkerd.io HTTPRoute to `policy.linkerd.io`). `kind: Service` therefore needs `group: core` (or `\"\"`) and `kind: Server` needs `group: policy.linkerd.io`; otherwise the parent names a kind nobody serves and Linkerd ignores the route.",
        Remediation: "Write the group explicitly: `group: core` for a Service parent, `group: policy.linkerd.io` for a Server or EgressNetwork parent.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["HTTPRoute", "GRPCRoute", "Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        Tags: ["routing"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var route in context.Index.OfType<GatewayApiRoute>())
        {
            if (!LinkerdRoutes.IsHttpOrGrpc(route))
            {
                continue;
            }

            foreach (var parent in route.ParentRefs)
            {
                var (expected, ok) = parent.KindOrDefault switch
                {
                    "Service" => ("core", LinkerdPolicy.IsServiceParent(parent)),
                    "Server" or "EgressNetwork" => (LinkerdPolicy.PolicyGroup, LinkerdPolicy.IsServerParent(parent) || LinkerdPolicy.IsEgressNetworkParent(parent)),
                    _ => (string.Empty, true),
                };
                if (ok)
                {
                    continue;
                }

                var why = parent.Group is null
                    ? $"has no group, which defaults to {LinkerdRoutes.EffectiveGroup(parent)} in a {route.Header.Group} {route.Kind}"
                    : $"has group {parent.Group.Value.Value}";
                yield return RuleContext.Report(Rule, route, parent.Kind?.Span ?? parent.Span,
                    $"parentRef {parent.KindOrDefault} {parent.Name.Value} of {route.Kind} {route.Name} {why}, so it names no {parent.KindOrDefault} and Linkerd ignores the route; write group: {expected}.");
            }
        }
    }
}
