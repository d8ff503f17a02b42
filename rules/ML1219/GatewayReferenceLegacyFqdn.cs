using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class GatewayReferenceLegacyFqdn : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1219",
        Name: "GatewayReferenceLegacyFqdn",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "VirtualService names a gateway in the legacy FQDN form",
        Description: "Gateways are referenced as `<namespace>/<name>` or, in the VirtualService's own namespace, as `<name>`. The DNS-like form `<name>.<namespace>.svc.cluster.local` is a deprecated leftover that istiod still parses for compatibility; it reads like a Service host, and tools that follow the current API (Kiali among them) do not resolve it.",
        Remediation: "Write the reference as `<namespace>/<name>`.",
        DefaultSeverity: Severity.Note,
        Inputs: ["VirtualService"],
        Equivalents: ["KIA1108"],
        Tags: ["routing", "deprecated"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var service in context.Index.OfType<VirtualService>())
        {
            foreach (var binding in GatewayBindings.Of(service, context.Index))
            {
                if (binding.IsLegacyFqdn && !binding.IsInternal)
                {
                    yield return RuleContext.Report(Rule, service, binding.Reference.Span,
                        $"Gateway reference {binding.Reference.Value} uses the legacy FQDN form; write it as {binding.Key}.");
                }
            }
        }
    }
}
