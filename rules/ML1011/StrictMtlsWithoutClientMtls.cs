using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class StrictMtlsWithoutClientMtls : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1011",
        Name: "StrictMtlsWithoutClientMtls",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "STRICT PeerAuthentication while auto mTLS is off and no DestinationRule enables mTLS",
        Description: "With the mesh config's enableAutoMtls: false, client sidecars use mutual TLS only where a DestinationRule says ISTIO_MUTUAL. A mesh-wide or namespace-wide STRICT PeerAuthentication without such a DestinationRule for its hosts means servers refuse plaintext while clients send nothing else, so every call fails. Only judged when the files contain a mesh config that disables auto mTLS.",
        Remediation: "Turn auto mTLS back on, or add a DestinationRule with tls.mode ISTIO_MUTUAL for the same scope (*.local in the root namespace, *.<namespace>.svc.cluster.local for a namespace).",
        DefaultSeverity: Severity.Error,
        Inputs: ["PeerAuthentication", "DestinationRule", "ConfigMap", "IstioOperator"],
        Equivalents: ["KIA0401", "KIA0501"],
        Tags: ["mtls"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        if (index.MeshConfig.AutoMtlsDisabledBy is not { } disabled)
        {
            yield break;
        }

        foreach (var policy in index.OfType<PeerAuthentication>())
        {
            var scope = IstioPolicies.ScopeOf(policy.Selector, policy.Namespace, context.Settings);
            if (scope == PolicyScope.Workload || policy.MtlsMode is not { Value: "STRICT" } mode)
            {
                continue;
            }

            var ns = policy.Namespace ?? "default";
            var covered = index.OfType<DestinationRule>().Any(d =>
                d.TrafficPolicy?.Tls?.Mode?.Value == "ISTIO_MUTUAL" && IstioTls.Reach(d, index, out var reachNs) switch
                {
                    DestinationRuleReach.Mesh => true,
                    DestinationRuleReach.Namespace => scope == PolicyScope.Namespace && reachNs == ns,
                    _ => false,
                });
            if (covered)
            {
                continue;
            }

            var where = scope == PolicyScope.Mesh ? "the whole mesh" : $"namespace {ns}";
            yield return RuleContext.Report(Rule, policy, mode.Span,
                $"PeerAuthentication {ns}/{policy.Name} requires mTLS for {where}, but the mesh config sets enableAutoMtls: false and no DestinationRule with ISTIO_MUTUAL covers it, so clients send plaintext and every call fails.",
                new RelatedLocation(disabled.Span, "auto mTLS is turned off here", disabled.Source.Object.Ref));
        }
    }
}
