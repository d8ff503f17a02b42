using MeshLint.Core.Model;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class UnauthenticatedFromAnyNetwork : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2020",
        Name: "UnauthenticatedFromAnyNetwork",
        Mesh: Mesh.Linkerd,
        Category: Category.Security,
        Title: "Authorization admits unauthenticated clients from any network",
        Description: "An `AuthorizationPolicy` with no MeshTLSAuthentication or ServiceAccount ref does not require a client identity, and with no NetworkAuthentication the allowed networks default to `0.0.0.0/0` and `::/0`. An empty `requiredAuthenticationRefs`, or one holding only a NetworkAuthentication that covers every address, therefore lets anyone from anywhere through a Server that otherwise denies by default. The same holds for a `ServerAuthorization` with `unauthenticated: true` and no (or all-covering) `networks`. Routes that only match the pods' probe paths are exempt: that is the documented way to keep kubelet probes working.",
        Remediation: "Require an identity (`kind: ServiceAccount` or a MeshTLSAuthentication); if the port is a deliberately public ingress port, restrict the networks to the load balancer or ingress range and suppress the finding with a reason.",
        DefaultSeverity: Severity.Error,
        Inputs: ["AuthorizationPolicy", "NetworkAuthentication", "ServerAuthorization", "Server", "HTTPRoute", "GRPCRoute", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        SecuritySeverity: 8.0,
        Tags: ["authorization"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var policy = LinkerdPolicy.Of(index);
        foreach (var authorization in index.OfType<LinkerdAuthorizationPolicy>())
        {
            if (LinkerdAdmission.AuthorizationPolicyProblems(authorization).Count > 0 || authorization.TargetRef is not { } target)
            {
                continue;
            }

            var admission = policy.Admission(authorization);
            if (admission.RequiresIdentity || !admission.NetworksKnown || !admission.AnyNetwork || policy.TargetsOnlyProbes(authorization))
            {
                continue;
            }

            var networks = admission.Network is { } network
                ? $"and NetworkAuthentication {network.Name} covers every address"
                : "and no NetworkAuthentication (so every network)";
            var finding = RuleContext.Report(Rule, authorization, authorization.RequiredAuthenticationRefsSpan,
                $"AuthorizationPolicy {authorization.Name} requires no client identity {networks}: anyone who can reach {target.KindName} {target.NameValue} is allowed.");
            yield return admission.Network is { } n
                ? finding with { Related = [new Core.Rules.RelatedLocation(n.NameSpan, "the NetworkAuthentication", n.Ref)] }
                : finding;
        }

        foreach (var authorization in index.OfType<ServerAuthorization>())
        {
            if (LinkerdAdmission.ServerAuthorizationProblems(authorization).Count > 0 || authorization.Client is not { } client ||
                client.Unauthenticated is not { Value: true } unauthenticated)
            {
                continue;
            }

            if (!client.HasNetworks || LinkerdPolicy.CoversEverything(client.Networks))
            {
                yield return RuleContext.Report(Rule, authorization, unauthenticated.Span,
                    $"ServerAuthorization {authorization.Name} admits unauthenticated clients from {(client.HasNetworks ? "networks that cover every address" : "every network (no networks listed)")}: anyone who can reach the Servers it selects is allowed.");
            }
        }
    }
}
