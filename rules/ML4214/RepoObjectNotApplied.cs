using MeshLint.Core.Index;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class RepoObjectNotApplied : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4214",
        Name: "RepoObjectNotApplied",
        Mesh: Mesh.Kubernetes,
        Category: Category.Configuration,
        Title: "Repo object is not in the cluster",
        Description: "The repo declares an object that the cluster does not have, although the live read covered its kind and namespace: the apply failed or never ran, it went to another cluster or namespace, or someone deleted it. Whatever it was meant to enforce or route (a STRICT PeerAuthentication, a deny policy, a route) is not in force.",
        Remediation: "Apply the repo (or check why the GitOps sync skipped or failed on this object); remove it from the repo if it is obsolete.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["PeerAuthentication", "AuthorizationPolicy", "RequestAuthentication", "VirtualService", "DestinationRule", "Gateway", "ServiceEntry", "Sidecar", "Server", "HTTPRoute", "MeshTLSAuthentication", "NetworkAuthentication", "ServiceDefaults", "ServiceIntentions", "ServiceRouter", "ServiceSplitter", "ServiceResolver", "Namespace", "Service", "ServiceAccount", "Deployment", "StatefulSet", "DaemonSet"],
        Tags: ["live", "drift"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        if (context.Declared is not { } declared)
        {
            yield break;
        }

        foreach (var repo in declared.Objects)
        {
            if (!Rule.Inputs.Contains(repo.Kind) || !ClusterCoverage.Covers(context.Coverage, repo) || context.Index.Find(repo.Ref) is not null)
            {
                continue;
            }

            yield return RuleContext.Report(Rule, repo, repo.NameSpan,
                $"{repo.Kind} {repo.Name}{(repo.Namespace is null ? string.Empty : $" in namespace {repo.Namespace}")} is in the repo but not in the cluster.");
        }
    }
}
