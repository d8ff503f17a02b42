using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class SelectorOnGatewayApiGateway : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1122",
        Name: "SelectorOnGatewayApiGateway",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "Policy selects a Gateway API gateway's pods instead of using targetRef",
        Description: "Istio deploys a Kubernetes Gateway API gateway itself and labels its pods with gateway.networking.k8s.io/gateway-name. An AuthorizationPolicy, RequestAuthentication, Telemetry or WasmPlugin that reaches those pods through a workload selector depends on labels Istio owns and may change, and is not the supported way to attach policy to such a gateway (istioctl reports IST0166).",
        Remediation: "Replace `selector` with `targetRefs` naming the gateway (group gateway.networking.k8s.io, kind Gateway, name of the gateway).",
        DefaultSeverity: Severity.Warning,
        Inputs: ["AuthorizationPolicy", "RequestAuthentication", "Telemetry", "WasmPlugin"],
        Equivalents: ["IST0166"],
        Tags: ["gateway-api", "selector"]);

    // The first is the Gateway API label Istio puts on the pods it deploys; the second its older istio.io spelling.
    private static readonly string[] GatewayNameLabels = ["gateway.networking.k8s.io/gateway-name", "istio.io/gateway-name"];

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var obj in context.Index.Objects)
        {
            var selector = obj switch
            {
                AuthorizationPolicy policy => policy.Selector,
                RequestAuthentication authentication => authentication.Selector,
                Telemetry telemetry => telemetry.Selector,
                WasmPlugin plugin => plugin.Selector,
                _ => null,
            };
            if (selector is null)
            {
                continue;
            }

            foreach (var (key, value) in selector.Labels.Entries)
            {
                if (GatewayNameLabels.Contains(key.Value, StringComparer.Ordinal))
                {
                    yield return RuleContext.Report(Rule, obj, key.Span,
                        $"{obj.Kind} {obj.Name} selects the pods of Gateway API gateway {value.Value} by its {key.Value} label instead of naming the gateway in targetRefs.");
                }
            }
        }
    }
}
