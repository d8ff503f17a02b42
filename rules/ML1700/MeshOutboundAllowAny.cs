using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class MeshOutboundAllowAny : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1700",
        Name: "MeshOutboundAllowAny",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "Mesh allows traffic to unknown destinations",
        Description: "`outboundTrafficPolicy.mode` in the mesh config decides what sidecars do with connections to destinations outside the service registry. ALLOW_ANY, which is also Istio's default when the field is absent, forwards them unmodified (so does the newer ALLOW_ANY_DYNAMIC_DNS, which also resolves plain-HTTP hosts through a dynamic forward proxy): any workload can reach any external address, no egress policy or telemetry applies, and a compromised pod can exfiltrate data without a configuration change. Read from the `istio` ConfigMap and IstioOperator `spec.meshConfig`.",
        Remediation: "Set `outboundTrafficPolicy.mode: REGISTRY_ONLY` and declare each external host the workloads need with a ServiceEntry (through an egress gateway for stricter control).",
        DefaultSeverity: Severity.Warning,
        Inputs: ["ConfigMap", "IstioOperator"],
        SecuritySeverity: 5.0,
        Tags: ["egress", "mesh-config", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var mesh = context.Index.MeshConfig;
        if (!mesh.IsDeclared)
        {
            yield break;
        }

        if (mesh.OutboundTrafficPolicyMode is { } mode)
        {
            if (mode.Text is "ALLOW_ANY" or "ALLOW_ANY_DYNAMIC_DNS")
            {
                yield return RuleContext.Report(Rule, mode.Source.Object, mode.Span,
                    $"The mesh config of {mode.Source.Object.Ref} sets outboundTrafficPolicy.mode {mode.Text}, so sidecars pass traffic to any unknown destination.");
            }

            yield break;
        }

        var source = mesh.Sources[0];
        yield return RuleContext.Report(Rule, source.Object, ConfigKeySpan(source.Object),
            $"The mesh config of {source.Object.Ref} does not set outboundTrafficPolicy.mode, and Istio's default is ALLOW_ANY: sidecars pass traffic to any unknown destination.");
    }

    /// <summary>Where the mesh config starts: the ConfigMap's <c>mesh</c> key or the IstioOperator's <c>meshConfig</c> key.</summary>
    private static SourceSpan ConfigKeySpan(MeshObject obj) => obj switch
    {
        ConfigMap map when map.Root["data"] is MappingNode data => data.KeySpanOr("mesh"),
        IstioOperator when obj.Spec is { } spec => spec.KeySpanOr("meshConfig"),
        _ => obj.NameSpan,
    };
}
