using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class AuthorizationHostNotFound : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1123",
        Name: "AuthorizationHostNotFound",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "AuthorizationPolicy operation host matches nothing",
        Description: "`to.operation.hosts` and `notHosts` are compared with the request's Host header (or :authority). A host no Service, ServiceEntry, VirtualService, Gateway or Gateway API listener or route answers to never appears there, so the rule is dead: an ALLOW rule grants nothing and the callers it was written for are denied, a DENY rule blocks nothing, and an exclusion excludes nothing. A cluster-local name (`name.ns.svc.cluster.local`) of a namespace the files hold is reported when no Service has that name. Other names may be served elsewhere (public hostnames, other repositories): unless the files are the whole mesh (settings: complete), they are reported only when they are one or two edits away from a known host, as a typo. Hosts with a wildcard are not judged; a `:port` suffix is ignored.",
        Remediation: "Correct the host (compare it with the Service or the gateway's hosts), or remove the entry if the service is gone. To match every port of a host, add `host:*` next to `host`.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["AuthorizationPolicy", "Service", "ServiceEntry", "VirtualService", "Gateway", "HTTPRoute", "GRPCRoute", "TLSRoute", "Namespace", "ConfigMap", "IstioOperator"],
        SecuritySeverity: 5.0,
        Equivalents: ["KIA0104"],
        Tags: ["authorization", "security", "reference"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var domain = context.Settings.ClusterDomain;
        foreach (var policy in index.OfType<AuthorizationPolicy>())
        {
            foreach (var field in policy.Rules.SelectMany(r => r.To).SelectMany(c => c.Fields).Where(f => f.Field.Value is "hosts" or "notHosts"))
            {
                foreach (var value in field.Values)
                {
                    var host = RequestHosts.Normalize(value.Value);
                    var known = RequestHosts.Of(index);
                    if (host.Length == 0 || host.Contains('*', StringComparison.Ordinal) || known.IsKnown(host))
                    {
                        continue;
                    }

                    var serviceOfManagedNamespace = Hosts.TryParseServiceFqdn(host, out var name, out var ns, domain)
                        && index.NamespaceNames.Contains(ns) && !ClosedWorld.IsExternal(context.Settings, ns, name);
                    var closest = known.Closest(host);
                    if (closest is null && !serviceOfManagedNamespace && !context.Settings.Complete)
                    {
                        continue;
                    }

                    var hint = NearMiss.Hint(closest);

                    var effect = (field.Field.Value, policy.Action) switch
                    {
                        ("notHosts", _) => "the exclusion excludes nothing",
                        (_, "DENY") => "the DENY rule never matches and the requests it should block are let through",
                        (_, "ALLOW") => "the ALLOW rule grants nothing and the requests it should admit are denied",
                        _ => "the rule never matches",
                    };
                    yield return RuleContext.Report(Rule, policy, value.Span,
                        $"AuthorizationPolicy {policy.Namespace}/{policy.Name} matches host \"{value.Value}\" in {field.Field.Value}, but no Service, ServiceEntry, VirtualService or gateway in the files answers to it{hint}, so {effect}.");
                }
            }
        }
    }
}
