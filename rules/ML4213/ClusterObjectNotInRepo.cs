using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class ClusterObjectNotInRepo : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4213",
        Name: "ClusterObjectNotInRepo",
        Mesh: Mesh.Kubernetes,
        Category: Category.Security,
        Title: "Mesh object in the cluster is missing from the repo",
        Description: "A mesh policy or routing object runs in a namespace the repo manages, but the repo does not have it: it was applied by hand, left behind when the repo deleted it (kubectl apply does not prune), or created by another tool. It still shapes traffic and access -- an AuthorizationPolicy ALLOW added during an incident keeps allowing -- and no review will ever see it.",
        Remediation: "Delete it from the cluster if the repo is the source of truth (or enable pruning in the GitOps tool), or add it to the repo if it should stay.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["PeerAuthentication", "AuthorizationPolicy", "RequestAuthentication", "VirtualService", "DestinationRule", "Gateway", "ServiceEntry", "Sidecar", "EnvoyFilter", "Server", "HTTPRoute", "GRPCRoute", "MeshTLSAuthentication", "NetworkAuthentication", "ServerAuthorization", "ServiceProfile", "ServiceDefaults", "ServiceIntentions", "ServiceRouter", "ServiceSplitter", "ServiceResolver", "ProxyDefaults", "Mesh"],
        SecuritySeverity: 5.0,
        Tags: ["live", "drift"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        if (context.Declared is not { } declared)
        {
            yield break;
        }

        var managed = declared.NamespaceNames.ToHashSet(StringComparer.Ordinal);
        foreach (var observed in context.Index.Objects)
        {
            if (!Drift.MeshGroups.Contains(observed.Header.Group) || observed.Namespace is not { } ns || !managed.Contains(ns)
                || observed.Root["metadata"] is Core.Model.MappingNode { } metadata && metadata["ownerReferences"] is not null
                || declared.Find(observed.Ref) is not null)
            {
                continue;
            }

            yield return RuleContext.Report(Rule, observed, observed.NameSpan,
                $"{observed.Kind} {observed.Name} runs in namespace {ns}, which the repo manages, but the repo has no such object.");
        }
    }
}
