using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class JwtClaimRoutingWithoutRequestAuthentication : IRule
{
    private const string ClaimPrefix = "@request.auth.claims.";

    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1115",
        Name: "JwtClaimRoutingWithoutRequestAuthentication",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "VirtualService routes on JWT claims that no RequestAuthentication validates",
        Description: "An ingress VirtualService can match @request.auth.claims.<claim> headers. The claims only exist after a RequestAuthentication has validated the token on the gateway pods; without one the claim is never set, so a route matching on it is dead and one matching on its absence (withoutHeaders) takes every request. Judged when the gateway's workloads are in the files.",
        Remediation: "Add a RequestAuthentication selecting the gateway's pods (in their namespace or the root namespace) with the issuer whose claims are used, and an AuthorizationPolicy requiring the token if the route must not be reachable without one.",
        DefaultSeverity: Severity.Error,
        Inputs: ["VirtualService", "Gateway", "RequestAuthentication", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "ConfigMap", "IstioOperator"],
        Equivalents: ["IST0149"],
        Tags: ["jwt", "routing"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var service in index.OfType<VirtualService>())
        {
            var claim = service.Http.SelectMany(r => r.Matches).SelectMany(ClaimKeys).FirstOrDefault();
            if (claim is null)
            {
                continue;
            }

            foreach (var binding in GatewayBindings.Of(service, index).Where(b => !b.IsMesh && !b.FromMatch))
            {
                if (binding.IstioGateway is not { } gateway)
                {
                    continue;
                }

                var unvalidated = IstioGateways.WorkloadsOf(gateway, index).FirstOrDefault(w => !IstioPolicies.RequestAuthenticationsFor(w, index).Any());
                if (unvalidated is null)
                {
                    continue;
                }

                yield return RuleContext.Report(Rule, service, claim.Span,
                    $"VirtualService {service.Namespace}/{service.Name} routes on {claim.Value} through gateway {binding.Key}, but no RequestAuthentication validates tokens on its pods ({unvalidated.Kind} {unvalidated.Namespace}/{unvalidated.Name}), so the claim is never set.",
                    new RelatedLocation(gateway.NameSpan, "the gateway whose pods validate no JWT", gateway.Ref));
            }
        }
    }

    private static IEnumerable<ScalarNode> ClaimKeys(MappingNode match)
    {
        foreach (var section in new[] { "headers", "withoutHeaders" })
        {
            if (match[section] is MappingNode headers)
            {
                foreach (var entry in headers.Entries)
                {
                    if (entry.Key.Value.StartsWith(ClaimPrefix, StringComparison.Ordinal))
                    {
                        yield return entry.Key;
                    }
                }
            }
        }
    }
}
