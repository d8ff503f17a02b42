using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class NonMeshDestinationsReachable : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3009",
        Name: "NonMeshDestinationsReachable",
        Mesh: Mesh.Consul,
        Category: Category.Security,
        Title: "Transparent proxy can reach destinations outside the mesh",
        Description: "With transparent proxy (the consul-k8s default), outbound traffic to an address Consul does not know is passed through to the original destination. Unless the Mesh entry sets transparentProxy.meshDestinationsOnly: true, meshed workloads reach any external address directly: egress is not forced through terminating gateways and no intention governs it.",
        Remediation: "Set transparentProxy.meshDestinationsOnly: true in the Mesh entry and reach external services through a terminating gateway.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Mesh"],
        SecuritySeverity: 5.5,
        Tags: ["egress", "transparent-proxy", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        if (context.Index.Consul.Mesh is not { } mesh || mesh.MeshDestinationsOnly?.Value == true)
        {
            yield break;
        }

        if (mesh.MeshDestinationsOnly is { } flag)
        {
            yield return RuleContext.Report(Rule, mesh, flag.Span,
                "Mesh sets transparentProxy.meshDestinationsOnly: false, so meshed workloads can reach any destination outside the mesh directly.") with
            {
                Fixes = [new Fix("Restrict transparent proxies to mesh destinations", [new Replacement(flag.Span, "true")])],
            };
        }
        else
        {
            yield return RuleContext.Report(Rule, mesh, mesh.TransparentProxySpan ?? mesh.SpecSpan,
                "Mesh does not set transparentProxy.meshDestinationsOnly: true, so meshed workloads can reach any destination outside the mesh directly.");
        }
    }
}
