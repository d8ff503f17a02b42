using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class GatewayWildcardHost : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1406",
        Name: "GatewayWildcardHost",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "Gateway server accepts any host",
        Description: "A server host of `*` (or `<namespace>/*`) makes the ingress gateway accept any Host header and lets any VirtualService in the allowed namespaces publish routes for any hostname on the public entry point: a team can expose an internal service or claim another team's hostname without touching the Gateway, and backends that trust the Host header receive arbitrary values. Egress gateways are not checked.",
        Remediation: "List the hostnames the gateway serves (a domain wildcard such as `*.shop.example.com` is accepted) and restrict namespaces with the `<namespace>/<host>` form where useful.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Gateway"],
        SecuritySeverity: 4.3,
        Tags: ["gateway", "security"]);

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
                foreach (var host in server.Hosts)
                {
                    var dnsName = host.Value.Contains('/', StringComparison.Ordinal) ? host.Value[(host.Value.IndexOf('/', StringComparison.Ordinal) + 1)..] : host.Value;
                    if (dnsName != "*")
                    {
                        continue;
                    }

                    var port = server.Port?.Number is { } n ? RuleText.Number(n.Value) : "?";
                    yield return RuleContext.Report(Rule, gateway, host.Span,
                        $"Gateway {gateway.Name} accepts any host ({host.Value}) on port {port}.");
                }
            }
        }
    }
}
