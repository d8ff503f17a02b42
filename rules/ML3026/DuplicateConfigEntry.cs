using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class DuplicateConfigEntry : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3026",
        Name: "DuplicateConfigEntry",
        Mesh: Mesh.Consul,
        Category: Category.Configuration,
        Title: "Config entry defined twice",
        Description: "Each config-entry resource maps to one Consul config entry named after it. Unless Consul Enterprise namespace mirroring is on, every Kubernetes namespace maps to the same Consul namespace, and the consul-k8s webhook rejects a second resource of the same kind and name in any namespace. Only one of the definitions applies.",
        Remediation: "Keep one resource per kind and name, or name the second entry after the service it is meant for.",
        DefaultSeverity: Severity.Error,
        Inputs: ["ServiceDefaults", "ProxyDefaults", "Mesh", "ServiceRouter", "ServiceSplitter", "ServiceResolver", "IngressGateway", "TerminatingGateway", "ExportedServices", "SamenessGroup", "JWTProvider", "ControlPlaneRequestLimit"],
        Tags: ["webhook"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        // ServiceIntentions are keyed by destination (ML3004); the other kinds are not config entries.
        var groups = context.Index.OfType<ConsulResource>()
            .Where(e => e is not ServiceIntentions and not OtherConsulResource)
            .GroupBy(e => (e.Kind, e.Name));
        foreach (var group in groups)
        {
            var first = group.First();
            foreach (var duplicate in group.Skip(1))
            {
                var where = duplicate.Namespace == first.Namespace
                    ? $"is defined twice in namespace {first.Namespace}"
                    : $"is also defined in namespace {first.Namespace}";
                yield return RuleContext.Report(Rule, duplicate, duplicate.NameSpan,
                    $"{duplicate.Kind} {duplicate.Name} {where}; Consul has one {duplicate.Kind} entry per name, so only one of them applies.",
                    new RelatedLocation(first.NameSpan, $"the first {first.Kind} {first.Name}", first.Ref));
            }
        }
    }
}
