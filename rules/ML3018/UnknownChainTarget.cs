using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class UnknownChainTarget : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3018",
        Name: "UnknownChainTarget",
        Mesh: Mesh.Consul,
        Category: Category.Routing,
        Title: "Route, split, redirect or failover target not found",
        Description: "A router destination, split, resolver redirect or failover names a service that nothing in the scanned files defines: no config entry, Kubernetes Service, connect-service annotation, terminating-gateway link or registration. A typo sends traffic nowhere (503s, or 404s when the Mesh entry does not validate clusters). Closed-world: the service may live in another repository.",
        Remediation: "Fix the service name, or add the missing service (its Deployment and Service, or its ServiceDefaults).",
        DefaultSeverity: Severity.Warning,
        Inputs: ["ServiceRouter", "ServiceSplitter", "ServiceResolver", "ServiceDefaults", "ServiceIntentions", "TerminatingGateway", "Registration", "Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        Tags: ["routing", "closed-world"],
        ClosedWorld: true,
        IncompleteSeverity: Severity.Note);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var consul = context.Index.Consul;
        foreach (var reference in consul.ChainReferences)
        {
            if (reference.IsRemote || reference.ServiceField is not { } field || consul.IsKnownService(field.Value) || ClosedWorld.IsExternal(context.Settings, null, field.Value))
            {
                continue;
            }

            yield return context.ReportMissing(Rule, reference.Owner, field.Span,
                $"{reference.Describe()} {field.Value}, but no config entry, Kubernetes Service or connect-service annotation for {field.Value} was found in the scanned files.");
        }
    }
}
