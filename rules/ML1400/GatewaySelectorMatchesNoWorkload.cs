using MeshLint.Core.Model.Istio;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class GatewaySelectorMatchesNoWorkload : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1400",
        Name: "GatewaySelectorMatchesNoWorkload",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "Gateway selector matches no gateway workload",
        Description: "An Istio Gateway configures only the proxies its selector matches, in any namespace. When no gateway workload carries those labels, its servers, hosts and certificates are loaded nowhere and every VirtualService bound to it is inert. Checked only when the manifests deploy gateway workloads themselves; Istio's default `istio: ingressgateway` and `istio: egressgateway` selectors are not reported.",
        Remediation: "Make the selector match the labels of the gateway deployment's pod template, or deploy the gateway.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Gateway", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "Rollout"],
        Equivalents: ["IST0101", "KIA0302"],
        Tags: ["gateway", "reference"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        // Gateways are usually installed apart from the routes; without gateway workloads in the files, nothing can be concluded.
        if (!index.OfType<Workload>().Any(IstioGateways.IsGatewayWorkload))
        {
            yield break;
        }

        foreach (var gateway in index.OfType<Gateway>())
        {
            if (gateway.Selector is not { IsEmpty: false } selector || IsDefaultSelector(selector) || IstioGateways.WorkloadsOf(gateway, index).Any())
            {
                continue;
            }

            yield return RuleContext.Report(Rule, gateway, selector.Entries[0].Key.Span,
                $"Selector {selector} of Gateway {gateway.Name} matches no workload in the manifests, so its servers are not configured on any gateway.");
        }
    }

    private static bool IsDefaultSelector(Core.Model.LabelSet selector) =>
        selector.Count == 1 && selector["istio"] is "ingressgateway" or "egressgateway";
}
