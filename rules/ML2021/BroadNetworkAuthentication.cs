using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class BroadNetworkAuthentication : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2021",
        Name: "BroadNetworkAuthentication",
        Mesh: Mesh.Linkerd,
        Category: Category.Security,
        Title: "NetworkAuthentication trusts the whole internet",
        Description: "A `NetworkAuthentication` authenticates clients by source address only, never by identity. A `cidr` of `0.0.0.0/0`, `::/0` or any public range wider than a /8 trusts addresses across the internet, and source addresses are easy to share behind NAT or a load balancer. Used without an identity requirement, it turns an authorization into allow-all.",
        Remediation: "Narrow the networks to the ranges that really need access (ingress, load balancer, office VPN) and pair the NetworkAuthentication with a MeshTLSAuthentication or ServiceAccount wherever the client is meshed.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["NetworkAuthentication", "AuthorizationPolicy", "Server", "HTTPRoute", "GRPCRoute", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        SecuritySeverity: 6.0,
        Tags: ["authorization"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var policy = LinkerdPolicy.Of(index);
        var users = index.OfType<LinkerdAuthorizationPolicy>()
            .Where(p => LinkerdAdmission.AuthorizationPolicyProblems(p).Count == 0)
            .SelectMany(p => p.RequiredAuthenticationRefs.Where(r => r.Targets(LinkerdPolicy.PolicyGroup, "NetworkAuthentication")).Select(r => (Policy: p, Network: policy.FindNetwork(r, p.Namespace))))
            .Where(u => u.Network is not null)
            .ToList();
        foreach (var authentication in index.OfType<NetworkAuthentication>())
        {
            if (LinkerdAdmission.NetworkAuthenticationProblems(authentication).Count > 0)
            {
                continue;
            }

            var usedBy = users.Where(u => ReferenceEquals(u.Network, authentication)).Select(u => u.Policy).ToList();
            if (usedBy.Count > 0 && usedBy.All(p => policy.Admission(p).RequiresIdentity || policy.TargetsOnlyProbes(p)))
            {
                continue;
            }

            foreach (var network in authentication.Networks)
            {
                if (network.Cidr is { } cidrText && LinkerdParsing.Cidr(cidrText.Value) is { } cidr &&
                    cidr.PrefixLength < (cidr.IsIPv6 ? 16 : 8) && !LinkerdParsing.IsPrivate(cidr))
                {
                    var scope = cidr.PrefixLength == 0 ? $"every {(cidr.IsIPv6 ? "IPv6" : "IPv4")} address" : $"a /{cidr.PrefixLength} of public address space";
                    yield return RuleContext.Report(Rule, authentication, cidrText.Span,
                        $"NetworkAuthentication {authentication.Name} trusts {cidrText.Value} ({scope}) by source address alone{(usedBy.Count == 0 ? string.Empty : ", in a policy that requires no client identity")}.");
                }
            }
        }
    }
}
