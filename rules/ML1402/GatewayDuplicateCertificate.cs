using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class GatewayDuplicateCertificate : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1402",
        Name: "GatewayDuplicateCertificate",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "Two Gateways share a certificate",
        Description: "HTTP/2 clients reuse a connection for every host its certificate covers. When two Gateways on the same gateway pods serve different hosts with the same certificate (typically a wildcard one), a client connected for one host sends requests for the other over that connection; Envoy matched the connection to the first Gateway's server and answers 404 (Envoy issue 6767). The failures are intermittent and depend on the client.",
        Remediation: "Serve the hosts that share a certificate from one Gateway server listing all of them, or give each Gateway its own certificate.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Gateway"],
        Equivalents: ["IST0138"],
        Tags: ["gateway", "tls"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var gateways = context.Index.OfType<Gateway>().ToList();
        foreach (var gateway in gateways)
        {
            foreach (var server in gateway.Servers)
            {
                if (Certificate(server) is not { } certificate)
                {
                    continue;
                }

                var twin = gateways
                    .Where(o => !ReferenceEquals(o, gateway) && SameWorkloads(gateway, o))
                    .SelectMany(o => o.Servers.Select(s => (Gateway: o, Server: s)))
                    .FirstOrDefault(o => Certificate(o.Server) is { } other && other.Key == certificate.Key);
                if (twin.Gateway is null)
                {
                    continue;
                }

                yield return RuleContext.Report(Rule, gateway, certificate.Span,
                    $"Certificate {certificate.Key} is also used by Gateway {twin.Gateway.Ref.Namespace}/{twin.Gateway.Name} on the same gateway workloads; HTTP/2 clients reusing connections across them get 404.",
                    new RelatedLocation(Certificate(twin.Server)!.Value.Span, $"{twin.Gateway.Ref} uses the certificate", twin.Gateway.Ref));
            }
        }
    }

    private static (string Key, SourceSpan Span)? Certificate(GatewayServer server)
    {
        if (server.Tls is not { } tls || tls.Mode?.Value is "PASSTHROUGH" or "AUTO_PASSTHROUGH" or "ISTIO_MUTUAL")
        {
            return null;
        }

        if (tls.CredentialName is { Value.Length: > 0 } credential)
        {
            return (credential.Value, credential.Span);
        }

        return tls.ServerCertificate is { Value.Length: > 0 } file && tls.PrivateKey is { Value.Length: > 0 } key
            ? ($"{file.Value} + {key.Value}", file.Span)
            : null;
    }

    /// <summary>Same selector, or one selector contained in the other: the Gateways can land on the same pods.</summary>
    private static bool SameWorkloads(Gateway a, Gateway b)
    {
        if (a.Selector is not { } sa || b.Selector is not { } sb)
        {
            return a.Selector is null && b.Selector is null;
        }

        return sa.IsSubsetOf(sb) || sb.IsSubsetOf(sa);
    }
}
