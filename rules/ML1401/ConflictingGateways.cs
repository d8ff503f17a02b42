using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class ConflictingGateways : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1401",
        Name: "ConflictingGateways",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "Two Gateways claim the same host and port on the same workload",
        Description: "Gateways that select the same gateway pods are merged into one Envoy configuration. When two of them declare a server on the same port (and bind address) for the same host, Istio keeps one server and drops the other, with its TLS settings and certificate, depending on creation order; routes bound to the losing Gateway serve with the wrong certificate or return 404.",
        Remediation: "Merge the servers into one Gateway, or make their hosts or ports disjoint. Give Gateways meant for different gateway deployments different selectors.",
        DefaultSeverity: Severity.Error,
        Inputs: ["Gateway"],
        Equivalents: ["IST0145", "KIA0301"],
        Tags: ["gateway"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var gateways = context.Index.OfType<Gateway>().Where(g => g.Selector is { IsEmpty: false }).ToList();
        foreach (var gateway in gateways)
        {
            foreach (var server in gateway.Servers)
            {
                foreach (var host in server.Hosts)
                {
                    var clash = gateways
                        .Where(other => !ReferenceEquals(other, gateway) && SameSelector(gateway, other))
                        .SelectMany(other => other.Servers.Select(s => (Gateway: other, Server: s)))
                        .FirstOrDefault(o => SamePort(server, o.Server) && o.Server.Hosts.Any(h => SameHost(h.Value, host.Value)));
                    if (clash.Gateway is null)
                    {
                        continue;
                    }

                    var otherHost = clash.Server.Hosts.First(h => SameHost(h.Value, host.Value));
                    yield return RuleContext.Report(Rule, gateway, host.Span,
                        $"Host {host.Value} on port {RuleText.Number(server.Port!.Number!.Value.Value)} is also served by Gateway {clash.Gateway.Ref.Namespace}/{clash.Gateway.Name} on the same workloads ({gateway.Selector}); Istio keeps only one of the servers.",
                        new RelatedLocation(otherHost.Span, $"{clash.Gateway.Ref} serves {otherHost.Value}", clash.Gateway.Ref));
                }
            }
        }
    }

    private static bool SameSelector(Gateway a, Gateway b) => a.Selector!.ToString() == b.Selector!.ToString() ||
        (a.Selector!.IsSubsetOf(b.Selector!) && b.Selector!.IsSubsetOf(a.Selector!));

    private static bool SamePort(GatewayServer a, GatewayServer b) =>
        a.Port?.Number is { } pa && b.Port?.Number is { } pb && pa.Value == pb.Value && (a.Bind?.Value ?? string.Empty) == (b.Bind?.Value ?? string.Empty);

    /// <summary>Hosts compared on their DNS name; the <c>namespace/</c> part only limits which VirtualServices bind.</summary>
    private static bool SameHost(string a, string b) => string.Equals(DnsName(a), DnsName(b), StringComparison.OrdinalIgnoreCase);

    private static string DnsName(string host) => host.Contains('/', StringComparison.Ordinal) ? host[(host.IndexOf('/', StringComparison.Ordinal) + 1)..] : host;
}
