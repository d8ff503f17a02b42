using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class AllowHttpFieldsOnTcpPort : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1106",
        Name: "AllowHttpFieldsOnTcpPort",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "ALLOW rule uses HTTP-only fields on a TCP port",
        Description: "methods, paths, hosts, requestPrincipals (and their not forms) and request.* conditions can only be evaluated on HTTP. For workload ports Istio proxies as TCP (Service ports named or appProtocol tcp, tls, https, mongo, mysql, redis), Istio ignores an ALLOW rule that uses them, so the connections it was meant to allow are denied by default: the database or queue behind the port becomes unreachable.",
        Remediation: "For TCP ports use only principals, namespaces, ipBlocks, ports and non-request conditions; keep HTTP conditions in rules restricted to HTTP ports; if the port carries HTTP, name it http-... or set appProtocol: http.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["AuthorizationPolicy", "Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "ConfigMap", "IstioOperator"],
        Tags: ["authorization"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context) => HttpFieldsOnTcp.Find(context, Rule, "ALLOW", anyTcpPort: false,
        (policy, field, port) => $"ALLOW rule of AuthorizationPolicy {policy.Namespace}/{policy.Name} uses {field.Name}, which Istio cannot read on TCP port {port.ContainerPort} ({port.Protocol}) of Service {port.Service.Name}, so it ignores the rule and those connections are denied.");
}
