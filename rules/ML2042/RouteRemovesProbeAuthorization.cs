using System.Text.RegularExpressions;
using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class RouteRemovesProbeAuthorization : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2042",
        Name: "RouteRemovesProbeAuthorization",
        Mesh: Mesh.Linkerd,
        Category: Category.Resilience,
        Title: "Route on a Server removes the automatic probe authorization",
        Description: "Linkerd authorizes kubelet probes automatically only while no HTTPRoute or GRPCRoute is attached to the Server. As soon as one route attaches, a probe request must match a route and be authorized like any other request; the kubelet is not meshed, so it needs an authorization that does not require an identity. Otherwise the probes get 403 or 404 and the pods never become ready (linkerd/linkerd2#7143, #9595).",
        Remediation: "Attach a route matching the probe paths (for example `GET /ping`) and authorize it with a NetworkAuthentication for the kubelet's network, as the per-route policy guide shows.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Server", "HTTPRoute", "GRPCRoute", "AuthorizationPolicy", "NetworkAuthentication", "ServerAuthorization", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        Tags: ["authorization", "probes"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var policy = LinkerdPolicy.Of(context.Index);
        foreach (var server in policy.Servers)
        {
            var routes = policy.RoutesOn(server).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
            if (routes.Count == 0 || LinkerdAnnotations.UnauthenticatedPolicyNames.Contains(LinkerdAdmission.EffectiveAccessPolicy(server)) ||
                policy.PoliciesOnServer(server).Any(p => !policy.Admission(p).RequiresIdentity) ||
                policy.ServerAuthorizationsOn(server).Any(a => a.Client?.Unauthenticated?.Value == true))
            {
                continue;
            }

            var denied = new List<string>();
            foreach (var selection in policy.Selections(server))
            {
                foreach (var port in selection.Ports)
                {
                    foreach (var (path, probe) in LinkerdPolicy.ProbePaths(selection.Workload.Template, port))
                    {
                        var allowed = routes.Where(LinkerdRoutes.IsHttp).Any(r => r.Rules.Any(rule => Matches(rule, path)) && policy.PoliciesOnRoute(r).Any(p => !policy.Admission(p).RequiresIdentity));
                        var entry = $"GET {path} ({probe.Type} of {selection.Workload.Kind} {selection.Workload.Name})";
                        if (!allowed && !denied.Contains(entry))
                        {
                            denied.Add(entry);
                        }
                    }
                }
            }

            if (denied.Count == 0)
            {
                continue;
            }

            var first = routes[0];
            var parent = first.ParentRefs.First(p => LinkerdPolicy.IsServerParent(p) && p.Name.Value == server.Name);
            yield return RuleContext.Report(Rule, first, parent.Name.Span,
                $"{first.Kind} {first.Name} attaches to Server {server.Name}, which removes Linkerd's automatic probe authorization, and no route on the Server authorizes {string.Join(", ", denied)} for the unmeshed kubelet: the probes are refused.");
        }
    }

    /// <summary>Gateway API path matching for a kubelet GET without extra headers or query parameters.</summary>
    private static bool Matches(GatewayApiRouteRule rule, string path)
    {
        if (LinkerdRoutes.Matches(rule).IsEmpty)
        {
            return true;
        }

        return LinkerdRoutes.Matches(rule).Any(m =>
        {
            if (m.HasHeaders || m.HasQueryParams || (m.Method?.Value is { } method && method != "GET"))
            {
                return false;
            }

            var value = m.PathValue?.Value ?? "/";
            return (m.PathType?.Value ?? "PathPrefix") switch
            {
                "Exact" => path == value,
                "RegularExpression" => Regex.IsMatch(path, $"^(?:{value})$", RegexOptions.None, TimeSpan.FromMilliseconds(100)),
                _ => value == "/" || path == value.TrimEnd('/') || path.StartsWith(value.TrimEnd('/') + "/", StringComparison.Ordinal),
            };
        });
    }
}
