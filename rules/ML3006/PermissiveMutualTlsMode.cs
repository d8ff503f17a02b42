using MeshLint.Core.Model;
using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class PermissiveMutualTlsMode : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3006",
        Name: "PermissiveMutualTlsMode",
        Mesh: Mesh.Consul,
        Category: Category.Security,
        Title: "Config entry accepts non-mTLS traffic",
        Description: "With mutualTLSMode: permissive the sidecar accepts plaintext connections on the service port and forwards them to the application unchanged: no client certificate, identity or intention is checked for that traffic. It is meant for a short migration of non-mesh clients; on ProxyDefaults it applies to every service in the mesh.",
        Remediation: "Set mutualTLSMode: strict (or remove the field) once every client is in the mesh.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["ServiceDefaults", "ProxyDefaults"],
        SecuritySeverity: 7.0,
        Tags: ["mtls", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var entry in context.Index.OfType<ConsulResource>())
        {
            if (entry is not IConsulProxyDefaults defaults || defaults.Proxy.MutualTlsMode is not { Value: "permissive" } mode)
            {
                continue;
            }

            var message = entry is ProxyDefaults
                ? $"ProxyDefaults {entry.Name} sets mutualTLSMode permissive for every service, so sidecars forward plaintext connections without checking identity or intentions."
                : $"ServiceDefaults {entry.Name} sets mutualTLSMode permissive, so its sidecars forward plaintext connections to {entry.Name} without checking identity or intentions.";
            yield return RuleContext.Report(Rule, entry, mode.Span, message) with
            {
                Fixes = [new Fix("Require mutual TLS (mutualTLSMode: strict)", [new Replacement(mode.Span, "strict")])],
            };
        }
    }
}
