using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class MtlsDrift : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4210",
        Name: "MtlsDrift",
        Mesh: Mesh.Kubernetes,
        Category: Category.Security,
        Title: "Cluster runs a different mTLS setting than the repo",
        Description: "The object in the cluster has another mTLS or inbound-policy setting than the repo's copy: someone changed it by hand (kubectl edit, a debugging session), an apply failed, or the repo was changed and never deployed. What the repo's review approved is not what protects the traffic: a STRICT mode in git can be PERMISSIVE in production.",
        Remediation: "Decide which side is right: re-apply the repo (or let GitOps sync it) to undo a manual change, or commit the cluster's value if the change was intended.",
        DefaultSeverity: Severity.Error,
        Inputs: ["PeerAuthentication", "DestinationRule", "ServiceDefaults", "ProxyDefaults", "Mesh", "Server", "Namespace"],
        SecuritySeverity: 7.5,
        Tags: ["live", "drift", "mtls"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context) => DriftFindings.Report(Rule, context, Paths);

    private static string[]? Paths(MeshObject obj) => (obj.Header.Group, obj.Kind) switch
    {
        ("security.istio.io", "PeerAuthentication") => ["spec.selector", "spec.mtls", "spec.portLevelMtls"],
        ("networking.istio.io", "DestinationRule") => ["spec.trafficPolicy.tls", "spec.trafficPolicy.portLevelSettings[].tls", "spec.subsets[].trafficPolicy.tls"],
        ("consul.hashicorp.com", "ServiceDefaults" or "ProxyDefaults") => ["spec.mutualTLSMode"],
        ("consul.hashicorp.com", "Mesh") => ["spec.allowEnablingPermissiveMutualTLS", "spec.tls"],
        ("policy.linkerd.io", "Server") => ["spec.accessPolicy", "spec.podSelector", "spec.port"],
        ("", "Namespace") => ["metadata.labels.istio-injection", "metadata.labels.{istio.io/rev}", "metadata.annotations.{linkerd.io/inject}", "metadata.annotations.{config.linkerd.io/default-inbound-policy}"],
        _ => null,
    };
}
