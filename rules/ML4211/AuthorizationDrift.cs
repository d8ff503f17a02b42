using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class AuthorizationDrift : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4211",
        Name: "AuthorizationDrift",
        Mesh: Mesh.Kubernetes,
        Category: Category.Security,
        Title: "Cluster runs different authorization rules than the repo",
        Description: "An authorization object in the cluster (Istio AuthorizationPolicy or RequestAuthentication, Linkerd AuthorizationPolicy, MeshTLSAuthentication, NetworkAuthentication or ServerAuthorization, Consul ServiceIntentions) differs from the repo's copy. Who may call what is then decided by a version nobody reviewed: a source added by hand during an incident, or a deny that never reached the cluster.",
        Remediation: "Re-apply the repo's version (or let GitOps sync it) if the cluster was changed by hand; commit the cluster's version if the change was intended and reviewed.",
        DefaultSeverity: Severity.Error,
        Inputs: ["AuthorizationPolicy", "RequestAuthentication", "MeshTLSAuthentication", "NetworkAuthentication", "ServerAuthorization", "ServiceIntentions"],
        SecuritySeverity: 8.0,
        Tags: ["live", "drift", "authorization"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context) => DriftFindings.Report(Rule, context, Paths);

    private static string[]? Paths(MeshObject obj) => (obj.Header.Group, obj.Kind) switch
    {
        ("security.istio.io", "AuthorizationPolicy") => ["spec.selector", "spec.targetRef", "spec.targetRefs", "spec.action", "spec.provider", "spec.rules"],
        ("security.istio.io", "RequestAuthentication") => ["spec.selector", "spec.targetRefs", "spec.jwtRules"],
        ("policy.linkerd.io", "AuthorizationPolicy" or "MeshTLSAuthentication" or "NetworkAuthentication" or "ServerAuthorization") => ["spec"],
        ("consul.hashicorp.com", "ServiceIntentions") => ["spec.destination", "spec.sources", "spec.jwt"],
        _ => null,
    };
}
