using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class DialedDirectlyEnabled : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3010",
        Name: "DialedDirectlyEnabled",
        Mesh: Mesh.Consul,
        Category: Category.Routing,
        Title: "Service instances accept direct dials that skip the discovery chain",
        Description: "transparentProxy.dialedDirectly: true lets transparent-proxy clients connect to the service's instance IPs directly. That traffic skips the discovery chain: routers, splitters, resolver subsets and failover do not apply to it. It is meant for peer protocols of stateful services; on ProxyDefaults it applies to every service.",
        Remediation: "Remove dialedDirectly unless the service needs per-instance addressing (a database cluster talking to its leader), and keep strict intentions on it.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["ServiceDefaults", "ProxyDefaults"],
        Tags: ["transparent-proxy", "routing"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var entry in context.Index.OfType<ConsulResource>())
        {
            if (entry is IConsulProxyDefaults { Proxy.DialedDirectly: { Value: true } flag })
            {
                var scope = entry is ProxyDefaults ? "every service's instances" : $"instances of {entry.Name}";
                yield return RuleContext.Report(Rule, entry, flag.Span,
                    $"{entry.Kind} {entry.Name} sets transparentProxy.dialedDirectly: true, so clients may dial {scope} directly, bypassing routers, splitters and failover.");
            }
        }
    }
}
