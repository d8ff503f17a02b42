using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class MtlsDestinationRuleWithoutStrictPeerAuthentication : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1009",
        Name: "MtlsDestinationRuleWithoutStrictPeerAuthentication",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "DestinationRule enables mTLS for a namespace or the mesh that no PeerAuthentication enforces",
        Description: "A DestinationRule for *.<namespace>.svc.cluster.local or *.local with ISTIO_MUTUAL states that traffic to a namespace (or the mesh) is mutual TLS, but it only configures clients in the mesh. The servers follow their PeerAuthentication, and while it is PERMISSIVE they keep accepting plaintext from anything without a sidecar, so the encryption is optional for an attacker. Reported when the files show the mode in force.",
        Remediation: "Add a PeerAuthentication with mtls.mode STRICT at the same scope (no selector, in the DestinationRule's namespace or in the root namespace); with auto mTLS the DestinationRule itself can then go.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["DestinationRule", "PeerAuthentication", "Namespace", "ConfigMap", "IstioOperator"],
        SecuritySeverity: 5.0,
        Equivalents: ["KIA0205", "KIA0206"],
        Tags: ["mtls", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var rule in index.OfType<DestinationRule>())
        {
            if (rule.TrafficPolicy?.Tls?.Mode is not { Value: "ISTIO_MUTUAL" } mode)
            {
                continue;
            }

            var reach = IstioTls.Reach(rule, index, out var ns);
            if (reach == DestinationRuleReach.Host)
            {
                continue;
            }

            var decision = reach == DestinationRuleReach.Namespace ? IstioMtls.ForNamespace(ns!, index) : IstioMtls.ForMesh(index);
            if (decision.Mode != "PERMISSIVE" || !decision.IsKnown)
            {
                continue;
            }

            var scope = reach == DestinationRuleReach.Namespace ? $"namespace {ns}" : "the whole mesh";
            var finding = RuleContext.Report(Rule, rule, mode.Span,
                $"DestinationRule {rule.Namespace}/{rule.Name} makes clients use mTLS toward {scope}, but its servers still accept plaintext (PERMISSIVE from {decision.Source}).");
            yield return decision.DecidedBy is { } policy
                ? finding with { Related = [new RelatedLocation(decision.Field?.Span ?? policy.NameSpan, "the mode that still accepts plaintext", policy.Ref)] }
                : finding;
        }
    }
}
