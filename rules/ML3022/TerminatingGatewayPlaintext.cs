using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class TerminatingGatewayPlaintext : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3022",
        Name: "TerminatingGatewayPlaintext",
        Mesh: Mesh.Consul,
        Category: Category.Security,
        Title: "Terminating gateway does not originate TLS",
        Description: "A TerminatingGateway service without caFile (or secretRef) makes the gateway connect to the external service in plaintext: traffic leaves the mesh unencrypted and the external server is not verified. Services declared as ServiceDefaults destinations on port 443 are skipped, since the application then speaks TLS itself.",
        Remediation: "Set caFile (and sni for the external host name) so the gateway originates TLS, or declare the service as a ServiceDefaults destination on port 443 with the application doing TLS.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["TerminatingGateway", "ServiceDefaults"],
        SecuritySeverity: 6.0,
        Tags: ["gateway", "tls", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var consul = context.Index.Consul;
        foreach (var gateway in context.Index.OfType<TerminatingGateway>())
        {
            foreach (var service in gateway.Services)
            {
                if (service.CaFile is not null || service.HasSecretRef || service.Name is not { } name)
                {
                    continue;
                }

                if (consul.ServiceDefaultsFor(name.Value)?.Destination?.Port?.Value == 443)
                {
                    continue;
                }

                yield return RuleContext.Report(Rule, gateway, name.Span,
                    $"TerminatingGateway {gateway.Name} links {name.Value} without caFile or secretRef, so the gateway sends its traffic in plaintext and does not verify the server.");
            }
        }
    }
}
