using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class DestinationRuleSimpleTlsInMesh : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1006",
        Name: "DestinationRuleSimpleTlsInMesh",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "DestinationRule replaces Istio mTLS with plain TLS inside the mesh",
        Description: "SIMPLE and MUTUAL originate TLS for servers outside the mesh. Toward a Service whose pods have a sidecar they replace Istio mutual TLS with TLS that carries no workload identity (or an application certificate Istio does not issue): the server sidecar cannot authenticate the caller, principal- and namespace-based authorization stops matching, and a STRICT server rejects the connection.",
        Remediation: "Use mode ISTIO_MUTUAL or drop the tls block and let auto mTLS choose; if the application terminates TLS itself behind its sidecar, send plain traffic from the client and let the mesh encrypt it.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["DestinationRule", "Service", "Namespace", "PeerAuthentication", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "ConfigMap", "IstioOperator"],
        SecuritySeverity: 5.0,
        Tags: ["mtls", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var rule in index.OfType<DestinationRule>())
        {
            foreach (var tls in IstioTls.AllTls(rule))
            {
                if (tls.Mode is not ("SIMPLE" or "MUTUAL") || IstioTls.MeshTargets(rule, tls, index).FirstOrDefault() is not { } target)
                {
                    continue;
                }

                var host = Hosts.ServiceFqdn(target.Service.Name, target.Service.Namespace ?? "default", context.Settings.ClusterDomain);
                yield return RuleContext.Report(Rule, rule, tls.Tls.Mode!.Value.Span,
                    $"DestinationRule {rule.Namespace}/{rule.Name} originates {tls.Mode} TLS for {tls.Where} toward {host}, whose workloads have a sidecar, so Istio mutual TLS and the caller's workload identity are replaced.");
            }
        }
    }
}
