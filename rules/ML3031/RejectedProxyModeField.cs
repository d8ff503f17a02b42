using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class RejectedProxyModeField : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3031",
        Name: "RejectedProxyModeField",
        Mesh: Mesh.Consul,
        Category: Category.Configuration,
        Title: "Config entry sets a field the webhook rejects",
        Description: "ServiceDefaults and ProxyDefaults carry mode and transparentProxy.outboundListenerPort because Consul's config entries do, but consul-k8s configures them per pod: its webhook rejects the resource and points to the consul.hashicorp.com/transparent-proxy and consul.hashicorp.com/transparent-proxy-outbound-listener-port annotations.",
        Remediation: "Remove the field and set the pod annotation instead.",
        DefaultSeverity: Severity.Error,
        Inputs: ["ServiceDefaults", "ProxyDefaults"],
        Tags: ["webhook", "transparent-proxy"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var entry in context.Index.OfType<ConsulResource>())
        {
            if (entry is not IConsulProxyDefaults { Proxy: var proxy })
            {
                continue;
            }

            if (proxy.Mode is { } mode)
            {
                yield return RuleContext.Report(Rule, entry, mode.Span,
                    $"{entry.Kind} {entry.Name} sets mode, which consul-k8s rejects; transparent proxy is set per pod with the consul.hashicorp.com/transparent-proxy annotation.");
            }

            if (proxy.OutboundListenerPort is { Value: not 0 } port)
            {
                yield return RuleContext.Report(Rule, entry, port.Span,
                    $"{entry.Kind} {entry.Name} sets transparentProxy.outboundListenerPort, which consul-k8s rejects; use the consul.hashicorp.com/transparent-proxy-outbound-listener-port annotation.");
            }
        }
    }
}
