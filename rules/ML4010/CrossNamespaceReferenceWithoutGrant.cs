using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class CrossNamespaceReferenceWithoutGrant : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4010",
        Name: "CrossNamespaceReferenceWithoutGrant",
        Mesh: Mesh.Kubernetes,
        Category: Category.Security,
        Title: "Cross-namespace reference has no ReferenceGrant",
        Description: "In the Gateway API, a route may send to a Service, and a Gateway listener may use a certificate Secret, in another namespace only if that namespace holds a ReferenceGrant allowing it (from the referring kind and namespace, to the referenced kind and optionally name). Without one the reference is refused: the rule answers 500 (RefNotPermitted) or the listener has no certificate. The grant is the target namespace's consent, an access-control boundary.",
        Remediation: "Create a ReferenceGrant in the referenced namespace that allows the referring kind and namespace, or move the route (or Secret) into the same namespace.",
        DefaultSeverity: Severity.Error,
        Inputs: ["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute", "Gateway", "ReferenceGrant"],
        SecuritySeverity: 3.0,
        Tags: ["gateway-api", "reference", "security"],
        ClosedWorld: true,
        IncompleteSeverity: Severity.Warning);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var route in index.OfType<GatewayApiRoute>())
        {
            var ns = route.Namespace ?? "default";
            foreach (var backend in route.Rules.SelectMany(r => r.BackendRefs))
            {
                if (backend.Namespace is not { } target || target.Value == ns || ClosedWorld.IsExternalNamespace(context.Settings, target.Value)
                    || GatewayApiReferences.Granted(index, GatewayApiReferences.RouteGroup(route), route.Kind, ns, backend.GroupOrCore, backend.KindOr("Service"), backend.Name.Value, target.Value))
                {
                    continue;
                }

                yield return context.ReportMissing(Rule, route, target.Span,
                    $"{route.Kind} {route.Name} sends to {backend.KindOr("Service")} {target.Value}/{backend.Name.Value} in another namespace, but no ReferenceGrant in {target.Value} in the checked files allows {route.Kind} from {ns}.");
            }
        }

        foreach (var gateway in index.OfType<KubernetesGateway>())
        {
            var ns = gateway.Namespace ?? "default";
            foreach (var certificate in gateway.Listeners.SelectMany(l => l.CertificateRefs))
            {
                if (certificate.Namespace is not { } target || target.Value == ns || ClosedWorld.IsExternalNamespace(context.Settings, target.Value)
                    || GatewayApiReferences.Granted(index, GatewayApiGroups.Gateway, "Gateway", ns, certificate.GroupOrCore, certificate.KindOr("Secret"), certificate.Name.Value, target.Value))
                {
                    continue;
                }

                yield return context.ReportMissing(Rule, gateway, target.Span,
                    $"Gateway {gateway.Name} uses certificate {certificate.KindOr("Secret")} {target.Value}/{certificate.Name.Value} from another namespace, but no ReferenceGrant in {target.Value} in the checked files allows Gateways from {ns}.");
            }
        }
    }
}
