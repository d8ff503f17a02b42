using MeshLint.Core.Index;
using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class ServiceProfileOverridesRoutes : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2043",
        Name: "ServiceProfileOverridesRoutes",
        Mesh: Mesh.Linkerd,
        Category: Category.Routing,
        Title: "ServiceProfile overrides route and annotation configuration",
        Description: "For backwards compatibility, a ServiceProfile takes precedence over HTTPRoutes and GRPCRoutes whose parent is the same Service, and over the Service's retry and timeout annotations: as long as the profile exists, clients use its routes, retries and timeouts and ignore the others.",
        Remediation: "Move the configuration into one place: delete the ServiceProfile once the routes and annotations replace it, or keep the profile and drop the routes and annotations.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["ServiceProfile", "Service", "HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute"],
        Tags: ["routing"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var domain = LinkerdConfig.Of(index).ClusterDomain?.Value ?? context.Settings.ClusterDomain;
        var profiled = new Dictionary<(string Ns, string Name), ServiceProfile>();
        foreach (var profile in index.OfType<ServiceProfile>())
        {
            if (ServiceProfileNames.Parse(profile.Name, domain) is { } target)
            {
                profiled.TryAdd(target, profile);
            }
        }

        if (profiled.Count == 0)
        {
            yield break;
        }

        foreach (var route in index.OfType<GatewayApiRoute>())
        {
            foreach (var parent in route.ParentRefs.Where(LinkerdPolicy.IsServiceParent))
            {
                var key = (parent.Namespace?.Value ?? route.Namespace ?? "default", parent.Name.Value ?? string.Empty);
                if (profiled.TryGetValue(key, out var profile))
                {
                    yield return RuleContext.Report(Rule, route, parent.Name.Span,
                        $"ServiceProfile {profile.Name} configures Service {key.Item2}, so clients use the profile and ignore {route.Kind} {route.Name} as long as the profile exists.",
                        new Core.Rules.RelatedLocation(profile.NameSpan, "the ServiceProfile", profile.Ref));
                }
            }
        }

        foreach (var service in index.OfType<Service>())
        {
            if (profiled.TryGetValue((service.Namespace ?? "default", service.Name), out var profile) &&
                service.Annotations.Entries.FirstOrDefault(e => LinkerdAnnotations.RouteKeys.Contains(e.Key.Value)) is { Key.Value: not null } entry)
            {
                yield return RuleContext.Report(Rule, service, entry.Key.Span,
                    $"ServiceProfile {profile.Name} configures Service {service.Name}, so clients use the profile's retries and timeouts and ignore the Service's {entry.Key.Value} annotation.",
                    new Core.Rules.RelatedLocation(profile.NameSpan, "the ServiceProfile", profile.Ref));
            }
        }
    }
}
