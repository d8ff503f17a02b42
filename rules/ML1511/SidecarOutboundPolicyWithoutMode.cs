using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class SidecarOutboundPolicyWithoutMode : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1511",
        Name: "SidecarOutboundPolicyWithoutMode",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "Sidecar outboundTrafficPolicy does not mean what it seems",
        Description: "A Sidecar that has an `outboundTrafficPolicy` replaces the mesh-wide policy for its workloads instead of inheriting it, and a policy without `mode` is REGISTRY_ONLY (the first value of the enum), not the mesh's ALLOW_ANY default. Writing `outboundTrafficPolicy: {}` or only an `egressProxy` therefore blocks every destination outside the registry for those workloads. `egressProxy` is valid only with `mode: ALLOW_ANY`: istiod's validating webhook rejects a Sidecar that sets it with the mode unset or REGISTRY_ONLY, and where validation does not run the proxy ignores it, refusing unknown destinations instead of sending them to the egress proxy. Kiali shows such a mode as empty and cannot tell which one applies.",
        Remediation: "Write the mode explicitly: `mode: REGISTRY_ONLY` to restrict the workloads (and drop `egressProxy`), or `mode: ALLOW_ANY` when unknown traffic is meant to pass (through the egress proxy). Remove an empty `outboundTrafficPolicy` to inherit the mesh-wide policy.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Sidecar", "ConfigMap", "IstioOperator"],
        Equivalents: ["KIA1007"],
        Tags: ["sidecar", "egress"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var meshMode = context.Index.MeshConfig.OutboundTrafficPolicyMode?.Text ?? "ALLOW_ANY";
        foreach (var sidecar in context.Index.OfType<Sidecar>())
        {
            if (sidecar.OutboundTrafficPolicy is not { } policy)
            {
                continue;
            }

            var mode = sidecar.OutboundTrafficPolicyMode;
            var egressProxy = policy.KeyNode("egressProxy");
            if (egressProxy is not null && mode?.Value is null or "REGISTRY_ONLY")
            {
                var modeText = mode is null ? "no mode, which means REGISTRY_ONLY" : "mode REGISTRY_ONLY";
                yield return RuleContext.Report(Rule, sidecar, egressProxy.Span,
                    $"Sidecar {sidecar.Namespace}/{sidecar.Name} sets egressProxy with {modeText}; egressProxy is valid only with mode ALLOW_ANY, so istiod's validation rejects the Sidecar (and without validation the proxy ignores it and refuses traffic to unknown destinations).");
            }
            else if (mode is null && meshMode != "REGISTRY_ONLY")
            {
                var at = sidecar.Spec?.KeySpanOr("outboundTrafficPolicy") ?? policy.Span;
                yield return RuleContext.Report(Rule, sidecar, at,
                    $"Sidecar {sidecar.Namespace}/{sidecar.Name} has an outboundTrafficPolicy without mode: it does not inherit the mesh-wide {meshMode} but means REGISTRY_ONLY, so its workloads cannot reach destinations outside the registry.");
            }
        }
    }
}
