using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class TlsOriginationWithoutCaCertificates : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1008",
        Name: "TlsOriginationWithoutCaCertificates",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "DestinationRule TLS origination without a CA to verify the server",
        Description: "With tls.mode SIMPLE or MUTUAL the proxy originates TLS, and caCertificates or credentialName say which CA may sign the server certificate. With neither, older Istio releases did not verify the server at all and current ones fall back to the public trust store, so any publicly trusted certificate is accepted and a privately signed server cannot be pinned. Istio's security best practices ask for an explicit CA.",
        Remediation: "Set caCertificates to the CA bundle that signs the server (for a public API, /etc/ssl/certs/ca-certificates.crt in the proxy), or credentialName naming a Secret with ca.crt; add sni and subjectAltNames.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["DestinationRule"],
        SecuritySeverity: 5.9,
        Equivalents: ["IST0128", "IST0129"],
        Tags: ["tls", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var rule in context.Index.OfType<DestinationRule>())
        {
            foreach (var tls in IstioTls.AllTls(rule))
            {
                var settings = tls.Tls;
                if (tls.Mode is not ("SIMPLE" or "MUTUAL")
                    || settings.CaCertificates is { Value.Length: > 0 }
                    || settings.CredentialName is { Value.Length: > 0 }
                    || settings.InsecureSkipVerify is { Value: true })
                {
                    continue;
                }

                yield return RuleContext.Report(Rule, rule, settings.Span,
                    $"DestinationRule {rule.Namespace}/{rule.Name} originates {tls.Mode} TLS for {tls.Where} of host {rule.Host?.Value} without caCertificates or credentialName, so no CA is pinned to verify the server.");
            }
        }
    }
}
