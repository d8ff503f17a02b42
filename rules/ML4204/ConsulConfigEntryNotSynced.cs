using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class ConsulConfigEntryNotSynced : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4204",
        Name: "ConsulConfigEntryNotSynced",
        Mesh: Mesh.Kubernetes,
        Category: Category.Configuration,
        Title: "Consul config entry did not sync to Consul",
        Description: "consul-k8s writes each config-entry resource to Consul and reports the outcome in status.conditions[type=Synced]. Synced=False means Consul rejected or never received it (a protocol conflict in the discovery chain, an entry managed from outside Kubernetes, an ACL error): Consul is still running the previous configuration, whatever the cluster and the repo say.",
        Remediation: "Read the condition's reason and message (the Consul API error), fix the entry or the one it conflicts with, and check the controller's logs until Synced turns True.",
        DefaultSeverity: Severity.Error,
        Inputs: ["ServiceDefaults", "ProxyDefaults", "Mesh", "ServiceIntentions", "ServiceRouter", "ServiceSplitter", "ServiceResolver", "IngressGateway", "TerminatingGateway", "ExportedServices", "JWTProvider", "SamenessGroup", "ControlPlaneRequestLimit"],
        Tags: ["live", "status", "consul"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var entry in context.Index.Objects)
        {
            if (entry.Header.Group != "consul.hashicorp.com" || !Rule.Inputs.Contains(entry.Kind))
            {
                continue;
            }

            foreach (var condition in StatusCondition.Of(entry).Where(c => c.Type == "Synced" && c.IsFalse))
            {
                var detail = condition.Message is null ? string.Empty : $": {condition.Message}";
                yield return RuleContext.Report(Rule, entry, condition.Span,
                    $"{entry.Kind} {entry.Name} has Synced=False ({condition.Reason ?? "no reason"}){detail}.");
            }
        }
    }
}
