using MeshLint.Core.Model;
using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class PolicyTargetNotFound : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2011",
        Name: "PolicyTargetNotFound",
        Mesh: Mesh.Linkerd,
        Category: Category.Security,
        Title: "Policy targets a Server or route that does not exist",
        Description: "An `AuthorizationPolicy`, `ServerAuthorization` or `HTTPLocalRateLimitPolicy` applies only to the Server or route it names, in its own namespace. When the name has a typo or the selector matches no Server's labels, the policy is inert: the access it was meant to grant is missing (the Server keeps denying) or the limit it was meant to impose never applies. The rule compares against the objects in the scanned files and only reports a namespace where objects of the targeted kind are present.",
        Remediation: "Name an existing Server or route of the same namespace, or fix the ServerAuthorization selector so that it matches the Server's labels.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["AuthorizationPolicy", "ServerAuthorization", "HTTPLocalRateLimitPolicy", "Server", "HTTPRoute", "GRPCRoute"],
        SecuritySeverity: 4.0,
        ClosedWorld: true,
        IncompleteSeverity: Severity.Note,
        Tags: ["authorization"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var complete = context.Settings.Complete;
        foreach (var authorization in index.OfType<LinkerdAuthorizationPolicy>())
        {
            if (LinkerdAdmission.AuthorizationPolicyProblems(authorization).Count > 0 || authorization.TargetRef is not { } target)
            {
                continue;
            }

            if (LinkerdPolicy.IsServerRef(target))
            {
                if (MissingServer(context, authorization, target.NameValue) is { } message)
                {
                    yield return context.ReportMissing(Rule, authorization, target.NameSpan, message + " The policy grants nothing.");
                }

                continue;
            }

            var routes = index.InNamespace<GatewayApiRoute>(authorization.Namespace).Where(r => string.Equals(r.Kind, target.KindName, StringComparison.OrdinalIgnoreCase)).ToList();
            if (routes.Any(r => string.Equals(r.Header.Group, target.EffectiveGroup, StringComparison.OrdinalIgnoreCase) && string.Equals(r.Name, target.NameValue, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (target.Targets(string.Empty, "Namespace") || (routes.Count == 0 && !complete) || ClosedWorld.IsExternal(context.Settings, authorization.Namespace ?? "default", target.NameValue))
            {
                continue;
            }

            var sameName = routes.FirstOrDefault(r => string.Equals(r.Name, target.NameValue, StringComparison.OrdinalIgnoreCase));
            var detail = sameName is not null
                ? $" ({target.KindName} {sameName.Name} exists in group {sameName.Header.Group}, but the target names group {target.EffectiveGroup}, and the groups must match)"
                : $" among the {routes.Count} {target.KindName}(s) in the scanned files";
            var text = $"No {target.KindName} named {target.NameValue} of group {target.EffectiveGroup} was found in namespace {authorization.Namespace}{detail}; the policy grants nothing.";
            yield return sameName is not null
                ? RuleContext.Report(Rule, authorization, target.NameSpan, text)
                : context.ReportMissing(Rule, authorization, target.NameSpan, text);
        }

        foreach (var authorization in index.OfType<ServerAuthorization>())
        {
            if (LinkerdAdmission.ServerAuthorizationProblems(authorization).Count > 0)
            {
                continue;
            }

            if (authorization.ServerName is { } name)
            {
                if (MissingServer(context, authorization, name.Value) is { } message)
                {
                    yield return context.ReportMissing(Rule, authorization, name.Span, message + " The ServerAuthorization grants nothing.");
                }
            }
            else if (authorization.ServerSelector is { } selector)
            {
                var servers = ServersIn(index, authorization.Namespace);
                if ((servers.Count > 0 || complete) && !servers.Any(s => selector.Matches(s.Labels)) && !ClosedWorld.IsExternalNamespace(context.Settings, authorization.Namespace ?? "default"))
                {
                    yield return context.ReportMissing(Rule, authorization, selector.Span,
                        $"The server selector of ServerAuthorization {authorization.Name} matches none of the {servers.Count} Server(s) found in namespace {authorization.Namespace} in the scanned files; it grants nothing.");
                }
            }
        }

        foreach (var limit in index.OfType<HttpLocalRateLimitPolicy>())
        {
            if (LinkerdAdmission.RateLimitProblems(limit).Count == 0 && limit.TargetRef is { } target &&
                MissingServer(context, limit, target.NameValue) is { } message)
            {
                yield return context.ReportMissing(Rule, limit, target.NameSpan, message + " The rate limit applies to nothing.");
            }
        }
    }

    private static List<Server> ServersIn(Core.Index.MeshIndex index, string? ns) => index.InNamespace<Server>(ns).ToList();

    private static string? MissingServer(RuleContext context, MeshObject from, string name)
    {
        var servers = ServersIn(context.Index, from.Namespace);
        if (servers.Any(s => s.Name == name) || (servers.Count == 0 && !context.Settings.Complete) || ClosedWorld.IsExternal(context.Settings, from.Namespace ?? "default", name))
        {
            return null;
        }

        var names = string.Join(", ", servers.Take(5).Select(s => s.Name)) + (servers.Count > 5 ? ", ..." : string.Empty);
        return $"No Server named {name} was found in namespace {from.Namespace} among the {servers.Count} Server(s) in the scanned files ({names}).";
    }
}
