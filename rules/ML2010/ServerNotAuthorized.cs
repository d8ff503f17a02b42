using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class ServerNotAuthorized : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2010",
        Name: "ServerNotAuthorized",
        Mesh: Mesh.Linkerd,
        Category: Category.Resilience,
        Title: "Server denies all traffic because nothing authorizes it",
        Description: "Once a `Server` covers a port, traffic that no authorization matches is handled by the Server's `accessPolicy`, which is `deny` by default (and always `deny` before policy.linkerd.io/v1beta3). If no `AuthorizationPolicy` targets the Server (by name or through a `Namespace` target), no `ServerAuthorization` selects it and no authorized route is attached to it, every request to the port is refused with a 403 or a closed connection. This is a classic outage right after a Server is rolled out. The rule only looks at the scanned files: a policy kept elsewhere is not seen, so the finding says what was not found where.",
        Remediation: "Add an `AuthorizationPolicy` that targets the Server (or an `HTTPRoute` attached to it) and names the clients, or set `accessPolicy: audit` while you work out who calls the port.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Server", "AuthorizationPolicy", "ServerAuthorization", "HTTPRoute", "GRPCRoute"],
        ClosedWorld: true,
        IncompleteSeverity: Severity.Note,
        Tags: ["authorization"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var policy = LinkerdPolicy.Of(context.Index);
        foreach (var server in policy.Servers)
        {
            if (LinkerdAdmission.EffectiveAccessPolicy(server) != "deny")
            {
                continue;
            }

            var authorized = policy.PoliciesOnServer(server).Any() ||
                policy.ServerAuthorizationsOn(server).Any() ||
                policy.RoutesOn(server).Any(r => policy.PoliciesOnRoute(r).Any());
            if (authorized || ClosedWorld.IsExternalNamespace(context.Settings, server.Namespace ?? "default"))
            {
                continue;
            }

            var explicitDeny = server.Header.Version == "v1beta3" && server.AccessPolicy is not null;
            var at = explicitDeny ? server.AccessPolicy!.Value.Span : server.SpecSpan;
            var how = explicitDeny ? "its accessPolicy is deny" : "its accessPolicy defaults to deny";
            yield return context.ReportMissing(Rule, server, at,
                $"No AuthorizationPolicy, ServerAuthorization or authorized route for Server {server.Name} was found in namespace {server.Namespace} in the scanned files, and {how}: every request to port {server.Port?.Value} of the pods it selects is refused.");
        }
    }
}
