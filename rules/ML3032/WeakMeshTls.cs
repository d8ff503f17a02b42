using MeshLint.Core.Model;
using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class WeakMeshTls : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3032",
        Name: "WeakMeshTls",
        Mesh: Mesh.Consul,
        Category: Category.Security,
        Title: "TLS minimum version below 1.2",
        Description: "TLS 1.0 and 1.1 are deprecated (RFC 8996). A Mesh tls.incoming or tls.outgoing, or an IngressGateway tls, with tlsMinVersion TLSv1_0 or TLSv1_1 lets sidecars or the gateway negotiate them.",
        Remediation: "Use TLSv1_2 or TLSv1_3, or leave tlsMinVersion unset (Envoy's default minimum is TLS 1.2).",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Mesh", "IngressGateway"],
        SecuritySeverity: 6.0,
        Tags: ["tls", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        if (context.Index.Consul.Mesh is { } mesh)
        {
            foreach (var finding in Check(mesh, mesh.IncomingTls, "tls.incoming"))
            {
                yield return finding;
            }

            foreach (var finding in Check(mesh, mesh.OutgoingTls, "tls.outgoing"))
            {
                yield return finding;
            }
        }

        foreach (var gateway in context.Index.OfType<IngressGateway>())
        {
            foreach (var finding in Check(gateway, gateway.Tls, "tls"))
            {
                yield return finding;
            }

            foreach (var listener in gateway.Listeners)
            {
                foreach (var finding in Check(gateway, listener.Tls, $"listener {listener.Port?.Value} tls"))
                {
                    yield return finding;
                }
            }
        }
    }

    private static IEnumerable<Finding> Check(MeshObject owner, ConsulTlsSettings? tls, string where)
    {
        if (tls?.TlsMinVersion is { Value: "TLSv1_0" or "TLSv1_1" } version)
        {
            yield return RuleContext.Report(Rule, owner, version.Span,
                $"{owner.Kind} {owner.Name} {where} allows {version.Value.Replace('_', '.')} (tlsMinVersion {version.Value}).") with
            {
                Fixes = [new Fix("Require TLS 1.2", [new Replacement(version.Span, "TLSv1_2")])],
            };
        }
    }
}
