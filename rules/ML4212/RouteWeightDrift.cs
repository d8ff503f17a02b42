using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class RouteWeightDrift : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4212",
        Name: "RouteWeightDrift",
        Mesh: Mesh.Kubernetes,
        Category: Category.Routing,
        Title: "Cluster splits traffic differently than the repo",
        Description: "The destinations or weights of a traffic split in the cluster (Istio VirtualService routes, Gateway API or Linkerd route backendRefs, Consul ServiceSplitter splits) differ from the repo's: a canary was promoted or rolled back by hand, or a progressive-delivery controller still owns the weights. Traffic goes where nobody reviewed, and the next apply silently moves it back.",
        Remediation: "Commit the weights the cluster should run, or re-apply the repo; if a controller (Argo Rollouts, Flagger) manages the weights, leave them out of the repo or suppress this rule for that object.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["VirtualService", "HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "ServiceSplitter"],
        Tags: ["live", "drift", "traffic-split"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context) => DriftFindings.Report(Rule, context, Paths);

    private static string[]? Paths(MeshObject obj) => (obj.Header.Group, obj.Kind) switch
    {
        ("networking.istio.io", "VirtualService") => ["spec.http[].route", "spec.tcp[].route", "spec.tls[].route"],
        ("gateway.networking.k8s.io" or "policy.linkerd.io", "HTTPRoute" or "GRPCRoute" or "TCPRoute" or "TLSRoute") => ["spec.rules[].backendRefs"],
        ("consul.hashicorp.com", "ServiceSplitter") => ["spec.splits"],
        _ => null,
    };
}
