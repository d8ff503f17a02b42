using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class GatewayHttpWithoutRedirect : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1404",
        Name: "GatewayHttpWithoutRedirect",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "Plain-HTTP gateway server does not redirect to HTTPS",
        Description: "An ingress gateway server with protocol HTTP serves requests in clear text: credentials, session cookies and tokens cross the network unencrypted, and anyone on the path can read or change responses. When the same host is also served over HTTPS, the plaintext server is a downgrade path around it. `tls.httpsRedirect: true` answers every plaintext request with a redirect to HTTPS instead. Egress gateways are not checked.",
        Remediation: "Set `tls.httpsRedirect: true` on the HTTP server, or remove it and serve the hosts over HTTPS only (adding Strict-Transport-Security on the HTTPS routes).",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Gateway"],
        SecuritySeverity: 5.3,
        Tags: ["gateway", "tls", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var gateway in context.Index.OfType<Gateway>())
        {
            if (IstioGateways.IsEgress(gateway))
            {
                continue;
            }

            foreach (var server in gateway.Servers)
            {
                var protocol = server.Port?.Protocol?.Value.ToUpperInvariant();
                if (protocol is not ("HTTP" or "HTTP2") || server.Tls?.HttpsRedirect?.Value == true)
                {
                    continue;
                }

                var hosts = server.Hosts.Select(h => h.Value).ToList();
                var alsoHttps = gateway.Servers.Any(s => s.Port?.Protocol?.Value.ToUpperInvariant() is "HTTPS" or "TLS" && s.Hosts.Any(h => hosts.Contains(h.Value)));
                var port = server.Port?.Number is { } n ? RuleText.Number(n.Value) : "?";
                var tail = alsoHttps ? ", although the same hosts are served over HTTPS" : string.Empty;
                yield return RuleContext.Report(Rule, gateway, server.Span,
                    $"Gateway {gateway.Name} serves {RuleText.List(hosts)} in plain HTTP on port {port} without httpsRedirect{tail}.");
            }
        }
    }
}
