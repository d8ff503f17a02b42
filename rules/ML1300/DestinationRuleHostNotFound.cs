using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class DestinationRuleHostNotFound : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1300",
        Name: "DestinationRuleHostNotFound",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "DestinationRule host matches no service",
        Description: "A DestinationRule's policies (load balancing, connection pools, outlier detection, TLS, subsets) attach to the service its `host` names; a short name is completed with the DestinationRule's namespace. When the host matches no Kubernetes Service and no ServiceEntry, Istio ignores the rule: its circuit breaker, TLS origination and subsets silently do not exist, and routes to its subsets fail.",
        Remediation: "Correct the host (the FQDN for a service in another namespace), or create the Service or ServiceEntry it is meant for. Wildcard hosts are not checked.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["DestinationRule", "Service", "ServiceEntry"],
        Equivalents: ["IST0174", "KIA0202"],
        Tags: ["reference"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var rule in context.Index.OfType<DestinationRule>())
        {
            if (rule.Host is not { } host || host.Value.Length == 0 || Hosts.IsWildcard(host.Value))
            {
                continue;
            }

            var fqdn = Hosts.Resolve(host.Value, rule.Namespace ?? "default", context.Settings.ClusterDomain);
            if (ServiceRegistry.IsKnown(context.Index, fqdn, null))
            {
                continue;
            }

            var resolved = fqdn == host.Value ? host.Value : $"{host.Value} ({fqdn})";
            yield return RuleContext.Report(Rule, rule, host.Span,
                $"Host {resolved} of DestinationRule {rule.Name} is not defined by any Service or ServiceEntry, so its policies apply to nothing.");
        }
    }
}
