using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class OpenEgressNetwork : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2070",
        Name: "OpenEgressNetwork",
        Mesh: Mesh.Linkerd,
        Category: Category.Security,
        Title: "EgressNetwork allows every external destination",
        Description: "An `EgressNetwork` with `trafficPolicy: Allow` and no `networks` matches every address outside the cluster networks, so egress control through Linkerd is effectively off for the namespaces it applies to. It is a reasonable audit or migration state, not an end state.",
        Remediation: "List the external networks the workloads need under `networks`, or set `trafficPolicy: Deny` and allow specific destinations with routes.",
        DefaultSeverity: Severity.Note,
        Inputs: ["EgressNetwork"],
        SecuritySeverity: 3.0,
        Tags: ["egress"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var egress in context.Index.OfType<EgressNetwork>())
        {
            if (LinkerdAdmission.EgressNetworkProblems(egress).Count == 0 && !egress.HasNetworks && egress.TrafficPolicy is { Value: "Allow" } policy)
            {
                yield return RuleContext.Report(Rule, egress, policy.Span,
                    $"EgressNetwork {egress.Name} has trafficPolicy Allow and no networks, so it allows traffic to every address outside the cluster networks.");
            }
        }
    }
}
