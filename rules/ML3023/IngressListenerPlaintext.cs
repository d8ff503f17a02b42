using System.Globalization;
using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class IngressListenerPlaintext : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3023",
        Name: "IngressListenerPlaintext",
        Mesh: Mesh.Consul,
        Category: Category.Security,
        Title: "Ingress gateway listener without TLS",
        Description: "An IngressGateway listener without TLS (no spec.tls.enabled, no listener tls, no SDS certificate for its services) serves mesh services to clients outside the mesh in plaintext.",
        Remediation: "Enable TLS on the gateway (spec.tls.enabled: true) or on the listener, with SDS certificates for public host names.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["IngressGateway"],
        SecuritySeverity: 5.5,
        Tags: ["gateway", "tls", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var gateway in context.Index.OfType<IngressGateway>())
        {
            if (gateway.Tls is { } tls && (tls.Enabled?.Value == true || tls.HasSds))
            {
                continue;
            }

            foreach (var listener in gateway.Listeners)
            {
                var listenerTls = listener.Tls is { } t && (t.Enabled?.Value == true || t.HasSds);
                var servicesTls = !listener.Services.IsDefaultOrEmpty && listener.Services.All(s => s.HasSds);
                if (listenerTls || servicesTls)
                {
                    continue;
                }

                var port = listener.Port?.Value.ToString(CultureInfo.InvariantCulture) ?? "(no port)";
                yield return RuleContext.Report(Rule, gateway, listener.Span,
                    $"IngressGateway {gateway.Name} listener on port {port} has no TLS, so it serves clients outside the mesh in plaintext.");
            }
        }
    }
}
