using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class DestinationRuleDisableConflictsWithStrictMtls : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1005",
        Name: "DestinationRuleDisableConflictsWithStrictMtls",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "DestinationRule disables TLS toward STRICT mTLS workloads",
        Description: "A STRICT PeerAuthentication makes server sidecars reject anything but mutual TLS, while tls.mode DISABLE in a DestinationRule makes client sidecars connect in plaintext. Together they break every call to those workloads (connection resets, 503s), typically after tightening the PeerAuthentication or copying an old DestinationRule.",
        Remediation: "Delete the tls block or set mode ISTIO_MUTUAL; only if the workloads must accept plaintext, relax the PeerAuthentication for those ports instead and review that exception.",
        DefaultSeverity: Severity.Error,
        Inputs: ["DestinationRule", "Service", "Namespace", "PeerAuthentication", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "ConfigMap", "IstioOperator"],
        Equivalents: ["KIA0207", "KIA0208"],
        Tags: ["mtls"]);

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

                var target = IstioTls.MeshTargets(rule, tls, index).FirstOrDefault(t => t.Mtls.IsStrict);
                if (target?.Mtls.DecidedBy is not { } policy)
                {
                    continue;
                }

                var host = Hosts.ServiceFqdn(target.Service.Name, target.Service.Namespace ?? "default", context.Settings.ClusterDomain);
                yield return RuleContext.Report(Rule, rule, tls.Tls.Mode!.Value.Span,
                    $"DestinationRule {rule.Namespace}/{rule.Name} disables TLS for {tls.Where} toward {host}, whose workloads only accept mTLS (STRICT from PeerAuthentication {policy.Namespace}/{policy.Name}), so every call fails.",
                    new RelatedLocation(target.Mtls.Field?.Span ?? policy.NameSpan, "the STRICT mode the plaintext calls run into", policy.Ref));
            }
        }
    }
}
