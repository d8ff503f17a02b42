using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class SidecarOutboundAllowAny : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1505",
        Name: "SidecarOutboundAllowAny",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "Sidecar allows traffic to unknown destinations",
        Description: "With `outboundTrafficPolicy.mode: ALLOW_ANY` the proxy forwards connections to any destination outside its registry, unmodified and without policy: a compromised workload can reach any internal or internet address and exfiltrate data without a configuration change. On a Sidecar it overrides a stricter mesh-wide REGISTRY_ONLY for the selected workloads.",
        Remediation: "Use `mode: REGISTRY_ONLY` (or remove the override) and declare the external hosts the workloads need with ServiceEntries.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Sidecar"],
        SecuritySeverity: 5.0,
        Tags: ["sidecar", "egress", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var sidecar in context.Index.OfType<Sidecar>())
        {
            if (sidecar.OutboundTrafficPolicyMode is { Value: "ALLOW_ANY" } mode)
            {
                yield return RuleContext.Report(Rule, sidecar, mode.Span,
                    $"Sidecar {sidecar.Name} lets its workloads connect to any destination outside the registry (ALLOW_ANY).");
            }
        }
    }
}
