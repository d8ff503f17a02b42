using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class DestinationRuleDisablesMtlsInMesh : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1004",
        Name: "DestinationRuleDisablesMtlsInMesh",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "DestinationRule sends plaintext to mesh workloads",
        Description: "tls.mode DISABLE tells client sidecars to connect in plaintext, overriding auto mTLS. Toward a Service whose pods have a sidecar and accept plaintext (PERMISSIVE, Istio's default), traffic really goes out unencrypted and without peer identity, so principal- and namespace-based authorization stops matching. Nothing fails, so the downgrade goes unnoticed.",
        Remediation: "Remove the tls block (auto mTLS then uses mutual TLS toward sidecars) or set mode ISTIO_MUTUAL; if the destination has no sidecar, take it out of the injected namespace or model it as a ServiceEntry.",
        DefaultSeverity: Severity.Error,
        Inputs: ["DestinationRule", "Service", "Namespace", "PeerAuthentication", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "ConfigMap", "IstioOperator"],
        SecuritySeverity: 7.5,
        Tags: ["mtls", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var rule in index.OfType<DestinationRule>())
        {
            foreach (var tls in IstioTls.AllTls(rule))
            {
                if (tls.Mode != "DISABLE")
                {
                    continue;
                }

                var target = IstioTls.MeshTargets(rule, tls, index).FirstOrDefault(t => !t.Mtls.IsStrict);
                if (target is null)
                {
                    continue;
                }

                var host = Hosts.ServiceFqdn(target.Service.Name, target.Service.Namespace ?? "default", context.Settings.ClusterDomain);
                yield return RuleContext.Report(Rule, rule, tls.Tls.Mode!.Value.Span,
                    $"DestinationRule {rule.Namespace}/{rule.Name} disables TLS for {tls.Where} toward {host}, whose sidecar-injected workloads accept plaintext ({target.Mtls.Mode} from {target.Mtls.Source}), so calls go out unencrypted and without peer identity.");
            }
        }
    }
}
