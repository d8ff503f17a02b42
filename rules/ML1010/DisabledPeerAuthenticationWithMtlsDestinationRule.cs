using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class DisabledPeerAuthenticationWithMtlsDestinationRule : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1010",
        Name: "DisabledPeerAuthenticationWithMtlsDestinationRule",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "PeerAuthentication DISABLE while a DestinationRule enables mTLS",
        Description: "A namespace-wide or mesh-wide PeerAuthentication with mode DISABLE makes server sidecars stop terminating mutual TLS, while a DestinationRule with ISTIO_MUTUAL for the same namespace or the whole mesh makes clients send it. The applications then receive TLS handshakes they cannot read and calls fail.",
        Remediation: "Make the two agree: preferably turn mTLS on at the servers (STRICT, or PERMISSIVE during a migration); if plaintext is truly required, set the DestinationRule to DISABLE for that scope as well and limit both to the workloads that need it.",
        DefaultSeverity: Severity.Error,
        Inputs: ["PeerAuthentication", "DestinationRule", "ConfigMap", "IstioOperator"],
        Equivalents: ["KIA0505", "KIA0506"],
        Tags: ["mtls"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var root = context.Settings.IstioRootNamespace;
        foreach (var policy in index.OfType<PeerAuthentication>())
        {
            var scope = IstioPolicies.ScopeOf(policy.Selector, policy.Namespace, context.Settings);
            if (scope == PolicyScope.Workload || policy.MtlsMode is not { Value: "DISABLE" } mode)
            {
                continue;
            }

            var ns = policy.Namespace ?? "default";
            var rule = index.OfType<DestinationRule>().FirstOrDefault(d =>
                d.TrafficPolicy?.Tls?.Mode?.Value == "ISTIO_MUTUAL" && IstioTls.Reach(d, index, out var reachNs) switch
                {
                    DestinationRuleReach.Mesh => true,
                    DestinationRuleReach.Namespace => scope == PolicyScope.Namespace && reachNs == ns,
                    _ => false,
                });
            if (rule is null)
            {
                continue;
            }

            var where = scope == PolicyScope.Mesh ? $"the whole mesh (root namespace {root})" : $"namespace {ns}";
            yield return RuleContext.Report(Rule, policy, mode.Span,
                $"PeerAuthentication {ns}/{policy.Name} turns mTLS off for {where} while DestinationRule {rule.Namespace}/{rule.Name} makes clients send Istio mTLS ({rule.Host?.Value}), so those calls fail.",
                new RelatedLocation(rule.TrafficPolicy!.Tls!.Mode!.Value.Span, "the DestinationRule that sends mTLS", rule.Ref));
        }
    }
}
