using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class UnknownLinkerdAnnotation : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2006",
        Name: "UnknownLinkerdAnnotation",
        Mesh: Mesh.Linkerd,
        Category: Category.Configuration,
        Title: "Unknown Linkerd annotation key",
        Description: "Linkerd looks annotations up by exact name. A misspelled key such as `config.linkerd.io/skip-inbound-port` or `timeout.linkerd.io/requests` is not an error anywhere: the injector and the policy controller simply never read it, so the intended port skip, policy or timeout does not exist.",
        Remediation: "Use the exact key from the Linkerd proxy-configuration, retry, timeout and circuit-breaking references; the message names the closest known key.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "HTTPRoute", "GRPCRoute", "EgressNetwork"],
        Tags: ["annotations"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var map in LinkerdMetadata.Maps(context.Index))
        {
            foreach (var (key, _) in map.Annotations.Entries)
            {
                if (LinkerdAnnotations.IsOwned(key.Value) && !LinkerdAnnotations.KnownKeys.Contains(key.Value))
                {
                    var closest = LinkerdAnnotations.Closest(key.Value);
                    var hint = closest is null ? string.Empty : $" (did you mean {closest}?)";
                    yield return RuleContext.Report(Rule, map.Owner, key.Span, $"{key.Value} on {map.Describe} is not an annotation Linkerd reads{hint}, so it has no effect.");
                }
            }
        }
    }
}
