using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class GatewayTlsServerWithoutCredentials : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1405",
        Name: "GatewayTlsServerWithoutCredentials",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "TLS gateway server has no certificate",
        Description: "A server with protocol HTTPS, or TLS in a terminating mode (SIMPLE, the default, MUTUAL or OPTIONAL_MUTUAL), must present a certificate: `credentialName`/`credentialNames` (a Secret read by the gateway) or `serverCertificate` and `privateKey` files. Without one Istio rejects the Gateway, or, where validation is bypassed, TLS handshakes for its hosts fail. PASSTHROUGH, AUTO_PASSTHROUGH and ISTIO_MUTUAL servers are not checked.",
        Remediation: "Set `tls.credentialName` to the Secret holding the certificate and key, or mount the files and set `serverCertificate` and `privateKey`.",
        DefaultSeverity: Severity.Error,
        Inputs: ["Gateway"],
        SecuritySeverity: 5.0,
        Tags: ["gateway", "tls", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var gateway in context.Index.OfType<Gateway>())
        {
            foreach (var server in gateway.Servers)
            {
                var protocol = server.Port?.Protocol?.Value.ToUpperInvariant();
                if (protocol is not ("HTTPS" or "TLS"))
                {
                    continue;
                }

                var port = server.Port?.Number is { } n ? RuleText.Number(n.Value) : "?";
                if (server.Tls is not { } tls)
                {
                    yield return RuleContext.Report(Rule, gateway, server.Span,
                        $"{protocol} server on port {port} of Gateway {gateway.Name} has no tls settings, so it has no certificate.");
                    continue;
                }

                var mode = tls.Mode?.Value ?? "SIMPLE";
                if (mode is not ("SIMPLE" or "MUTUAL" or "OPTIONAL_MUTUAL"))
                {
                    continue;
                }

                var hasCredential = tls.CredentialName is { Value.Length: > 0 } || !tls.CredentialNames.IsEmpty || tls.ServerCertificate is { Value.Length: > 0 };
                if (!hasCredential)
                {
                    yield return RuleContext.Report(Rule, gateway, tls.Span,
                        $"{protocol} server on port {port} of Gateway {gateway.Name} terminates TLS ({mode}) without credentialName or serverCertificate.");
                }
            }
        }
    }
}
