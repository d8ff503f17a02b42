using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class GatewayClassNotFound : IRule
{
    /// <summary>GatewayClasses the meshes create themselves: istiod's (Istio 1.22+) and consul-k8s's managed class.</summary>
    private static readonly string[] BuiltIn = ["istio", "istio-remote", "istio-waypoint", "istio-east-west", "consul"];

    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4015",
        Name: "GatewayClassNotFound",
        Mesh: Mesh.Kubernetes,
        Category: Category.Routing,
        Title: "Gateway names a GatewayClass that does not exist",
        Description: "A Gateway API Gateway is deployed and programmed only by the controller of its `gatewayClassName`. A class that does not exist leaves the Gateway unaccepted: no proxy is created, its addresses stay empty and every route attached to it is dead; only the Gateway's status says so. Known classes are GatewayClass objects in the files and the classes the meshes create themselves (`istio`, `istio-remote`, `istio-waypoint`, `istio-east-west`, `consul`). GatewayClasses are usually installed with their controller, outside the application's manifests: unless the files are the whole mesh (settings: complete), a name is reported only when it is one or two edits away from a known class, as a typo.",
        Remediation: "Correct `gatewayClassName` (`kubectl get gatewayclass` lists the installed ones), or add the GatewayClass. Name classes installed elsewhere in `mesh.external` to silence the check for them.",
        DefaultSeverity: Severity.Error,
        Inputs: ["Gateway", "GatewayClass"],
        Equivalents: ["KIA1504"],
        Tags: ["gateway-api", "reference"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var gateways = index.OfType<KubernetesGateway>();
        if (gateways.IsEmpty)
        {
            yield break;
        }

        var known = index.Objects.Where(o => o.Kind == "GatewayClass" && o.Header.Group == GatewayApiGroup).Select(o => o.Name)
            .Concat(BuiltIn).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var gateway in gateways)
        {
            if (gateway.GatewayClassName is not { } className || known.Contains(className.Value) || ClosedWorld.IsExternal(context.Settings, null, className.Value))
            {
                continue;
            }

            var closest = NearMiss.Closest(known, className.Value);
            if (closest is null && !context.Settings.Complete)
            {
                continue;
            }

            var hint = NearMiss.Hint(closest);
            yield return RuleContext.Report(Rule, gateway, className.Span,
                $"Gateway {gateway.Namespace}/{gateway.Name} uses GatewayClass \"{className.Value}\", which is neither in the files nor created by a mesh{hint}; no controller programs the Gateway and its routes are not served.");
        }
    }

    private const string GatewayApiGroup = "gateway.networking.k8s.io";
}
