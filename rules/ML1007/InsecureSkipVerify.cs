using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class InsecureSkipVerify : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1007",
        Name: "InsecureSkipVerify",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "DestinationRule skips server certificate verification",
        Description: "insecureSkipVerify: true makes the proxy accept any certificate from the upstream server (self-signed, expired, issued for another name). The connection is encrypted but no longer authenticated, so anyone who can intercept or redirect it receives the requests and any credentials they carry.",
        Remediation: "Remove insecureSkipVerify and give the proxy the CA that signs the server certificate (caCertificates, or credentialName naming a Secret with ca.crt); set sni and subjectAltNames so the name is checked too.",
        DefaultSeverity: Severity.Error,
        Inputs: ["DestinationRule"],
        SecuritySeverity: 7.4,
        Tags: ["tls", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var rule in context.Index.OfType<DestinationRule>())
        {
            foreach (var tls in IstioTls.AllTls(rule))
            {
                if (tls.Tls.InsecureSkipVerify is { Value: true } skip)
                {
                    yield return RuleContext.Report(Rule, rule, skip.Span,
                        $"DestinationRule {rule.Namespace}/{rule.Name} accepts any server certificate for {tls.Where} of host {rule.Host?.Value} (insecureSkipVerify: true).");
                }
            }
        }
    }
}
