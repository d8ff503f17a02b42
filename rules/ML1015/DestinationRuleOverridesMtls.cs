using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class DestinationRuleOverridesMtls : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1015",
        Name: "DestinationRuleOverridesMtls",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "Host DestinationRule drops the mTLS set by a wider DestinationRule",
        Description: "DestinationRules are not merged field by field: a host's own rule replaces a wildcard rule such as *.local in the root namespace or *.<namespace>.svc.cluster.local. A host rule written for connection pooling or subsets without a tls block therefore throws away the wider rule's ISTIO_MUTUAL; auto mTLS usually still applies, but the explicit guarantee is gone, and with auto mTLS off the traffic becomes plaintext.",
        Remediation: "Repeat tls.mode ISTIO_MUTUAL in the host's DestinationRule (and in subset or port policies that override it), or remove the wider rule and rely on auto mTLS plus a STRICT PeerAuthentication.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["DestinationRule", "ConfigMap", "IstioOperator"],
        SecuritySeverity: 4.0,
        Equivalents: ["KIA0204"],
        Tags: ["mtls", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var rules = index.OfType<DestinationRule>();
        var root = context.Settings.IstioRootNamespace;
        var wide = rules.Where(d => d.TrafficPolicy?.Tls?.Mode?.Value == "ISTIO_MUTUAL" && IstioTls.Reach(d, index, out _) != DestinationRuleReach.Host).ToList();
        if (wide.Count == 0)
        {
            yield break;
        }

        foreach (var rule in rules)
        {
            var host = IstioTls.ResolvedHost(rule, index);
            if (host is null || Hosts.IsWildcard(host) || IstioTls.HasTls(rule))
            {
                continue;
            }

            var hostNamespace = Hosts.TryParseServiceFqdn(host, out _, out var parsed, context.Settings.ClusterDomain) ? parsed : null;
            var overridden = wide.FirstOrDefault(w =>
                Hosts.Matches(IstioTls.ResolvedHost(w, index)!, host) && (w.Namespace == root || w.Namespace == rule.Namespace || w.Namespace == hostNamespace));
            if (overridden is null)
            {
                continue;
            }

            var at = rule.Spec?.KeyNode("trafficPolicy")?.Span ?? rule.SpecSpan;
            yield return RuleContext.Report(Rule, rule, at,
                $"DestinationRule {rule.Namespace}/{rule.Name} for {host} has no tls settings and replaces DestinationRule {overridden.Namespace}/{overridden.Name}, dropping its ISTIO_MUTUAL for this host.",
                new RelatedLocation(overridden.TrafficPolicy!.Tls!.Mode!.Value.Span, "the wider mTLS setting that no longer applies", overridden.Ref));
        }
    }
}
