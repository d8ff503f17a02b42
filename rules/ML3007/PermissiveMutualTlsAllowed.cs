using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class PermissiveMutualTlsAllowed : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3007",
        Name: "PermissiveMutualTlsAllowed",
        Mesh: Mesh.Consul,
        Category: Category.Security,
        Title: "Mesh allows permissive mTLS",
        Description: "allowEnablingPermissiveMutualTLS: true on the Mesh entry lets any ServiceDefaults or ProxyDefaults switch services to permissive mTLS, where plaintext traffic bypasses identity and intentions. Consul warns when it is written; left on after a migration, it lets any team open its service to non-mesh traffic without a mesh-wide review.",
        Remediation: "Set allowEnablingPermissiveMutualTLS: false (or remove it) once the migration is over.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Mesh"],
        SecuritySeverity: 5.0,
        Tags: ["mtls", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        if (context.Index.Consul.Mesh is { AllowEnablingPermissiveMutualTls: { Value: true } allow } mesh)
        {
            yield return RuleContext.Report(Rule, mesh, allow.Span,
                "Mesh sets allowEnablingPermissiveMutualTLS: true, so any ServiceDefaults or ProxyDefaults may make services accept plaintext traffic.") with
            {
                Fixes = [new Fix("Disallow permissive mTLS", [new Replacement(allow.Span, "false")])],
            };
        }
    }
}
