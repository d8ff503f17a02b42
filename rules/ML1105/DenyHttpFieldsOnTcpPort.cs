using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class DenyHttpFieldsOnTcpPort : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1105",
        Name: "DenyHttpFieldsOnTcpPort",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "DENY policy uses HTTP-only fields on a TCP port",
        Description: "methods, paths, hosts, requestPrincipals (and their not forms) and request.* conditions can only be evaluated on HTTP. For a workload port Istio proxies as TCP (a Service port named or appProtocol tcp, tls, https, mongo, mysql, redis), a DENY rule keeps its other conditions and drops the HTTP-only ones, so it matches every connection: a rule meant to block DELETE requests blocks the port entirely.",
        Remediation: "Use only TCP-level fields for TCP ports (principals, namespaces, ipBlocks, ports, source/destination/connection conditions), or restrict the rule with ports to the workload's HTTP ports; if the port carries HTTP, name it http-... or set appProtocol: http.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["AuthorizationPolicy", "Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "ConfigMap", "IstioOperator"],
        Tags: ["authorization"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context) => HttpFieldsOnTcp.Find(context, Rule, "DENY", anyTcpPort: true,
        (policy, field, port) => $"DENY rule of AuthorizationPolicy {policy.Namespace}/{policy.Name} uses {field.Name}, which Istio cannot read on TCP port {port.ContainerPort} ({port.Protocol}) of Service {port.Service.Name}, so it drops that condition and denies every connection it otherwise matches.");
}

/// <summary>HTTP-only AuthorizationPolicy fields meeting workload ports that Istio proxies as TCP.</summary>
internal static class HttpFieldsOnTcp
{
    public static IEnumerable<Finding> Find(RuleContext context, RuleDescriptor descriptor, string action, bool anyTcpPort, Func<AuthorizationPolicy, RuleField, WorkloadPort, string> message)
    {
        var index = context.Index;
        foreach (var policy in index.OfType<AuthorizationPolicy>())
        {
            if (policy.Action != action || !policy.TargetRefs.IsDefaultOrEmpty)
            {
                continue;
            }

            // Gateway proxies take the protocol of a port from their Gateway servers, not from Service port names.
            var ports = IstioPolicies.WorkloadsOf(policy.Selector, policy.Namespace, index)
                .Where(w => !IstioGateways.IsGatewayWorkload(w))
                .SelectMany(w => IstioProtocols.PortsOf(w, index))
                .ToList();
            foreach (var rule in policy.Rules)
            {
                if (IstioAuthorization.FirstHttpOnly(rule) is not { } field)
                {
                    continue;
                }

                var only = IstioAuthorization.Ports(rule);
                var targeted = ports.Where(p => only is null || only.Contains(p.ContainerPort)).ToList();
                var tcp = targeted.FirstOrDefault(p => p.IsTcp);

                // An ALLOW rule is only lost where it applies to TCP ports alone; next to HTTP ports it still works there.
                if (tcp is null || (!anyTcpPort && targeted.Any(p => !p.IsTcp)))
                {
                    continue;
                }

                yield return RuleContext.Report(descriptor, policy, field.At.Span, message(policy, field, tcp));
            }
        }
    }
}
