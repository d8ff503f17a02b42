using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class PermissiveServerAccessPolicy : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2003",
        Name: "PermissiveServerAccessPolicy",
        Mesh: Mesh.Linkerd,
        Category: Category.Security,
        Title: "Server accessPolicy lets unauthorized traffic through",
        Description: "A `Server` (policy.linkerd.io/v1beta3) denies traffic that no authorization matches: its `accessPolicy` defaults to `deny`. Setting it to `all-unauthenticated`, `cluster-unauthenticated` or `audit` turns the Server into an allow-all for that port: unauthenticated, plaintext clients are accepted whatever the `AuthorizationPolicy` resources say. `audit` is meant for a short rollout window; left in place it only logs the requests it should deny.",
        Remediation: "Remove `accessPolicy` (the default is `deny`) and authorize the clients with `AuthorizationPolicy` resources, or use `all-authenticated` / `cluster-authenticated` if every meshed client may call the port. Watch the `authz.name=audit` log entries before switching from `audit` to `deny`.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Server"],
        SecuritySeverity: 6.0,
        Tags: ["authorization"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var server in context.Index.OfType<Server>())
        {
            if (server.Header.Version == "v1beta3" && LinkerdAdmission.IsAdmitted(server) && server.AccessPolicy is { } access &&
                LinkerdAnnotations.UnauthenticatedPolicyNames.Contains(access.Value))
            {
                var effect = access.Value == "audit"
                    ? "lets every request through and only logs the ones its authorizations do not allow"
                    : access.Value == "cluster-unauthenticated"
                        ? "lets any client from the cluster networks through without a mesh identity, whatever its authorizations say"
                        : "lets any client from any network through without a mesh identity, whatever its authorizations say";
                yield return RuleContext.Report(Rule, server, access.Span, $"Server {server.Name} has accessPolicy {access.Value}: it {effect}.");
            }
        }
    }
}
