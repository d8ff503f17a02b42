using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class VirtualServiceDestinationHostNotFound : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1204",
        Name: "VirtualServiceDestinationHostNotFound",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "VirtualService routes to a host that does not exist",
        Description: "A route destination or mirror names a host that no Kubernetes Service or ServiceEntry visible from the VirtualService's namespace defines. Short names are completed with the VirtualService's namespace, and a `name.namespace` host is taken literally. Envoy has no cluster for the host: requests on the route fail with 503 and mirrored traffic is dropped.",
        Remediation: "Correct the host, write the fully qualified name (`name.namespace.svc.cluster.local`) for a service in another namespace, or add the missing Service or ServiceEntry (exported to this namespace).",
        DefaultSeverity: Severity.Error,
        Inputs: ["VirtualService", "Service", "ServiceEntry"],
        Equivalents: ["IST0101", "KIA1101"],
        Tags: ["routing", "reference"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var domain = context.Settings.ClusterDomain;
        foreach (var service in index.OfType<VirtualService>())
        {
            var ns = service.Namespace ?? "default";
            foreach (var route in service.AllRoutes)
            {
                var destinations = route.Routes.Select(r => (r.Destination, Mirror: false))
                    .Concat(route.AllMirrors.Select(m => (Destination: m, Mirror: true)));
                foreach (var (destination, mirror) in destinations)
                {
                    var host = destination.Host.Value;
                    if (host.Length == 0 || Hosts.IsWildcard(host))
                    {
                        continue;
                    }

                    var fqdn = Hosts.Resolve(host, ns, domain);
                    if (ServiceRegistry.IsKnown(index, fqdn, ns))
                    {
                        continue;
                    }

                    var what = mirror ? "Mirror host" : "Destination host";
                    var resolved = fqdn == host ? host : $"{host} ({fqdn})";
                    var reason = ServiceRegistry.IsKnown(index, fqdn, null)
                        ? $"is defined but not exported to namespace {ns}"
                        : "is not defined by any Service or ServiceEntry";
                    var hint = LiteralNamespaceHint(host, index, domain);
                    yield return RuleContext.Report(Rule, service, destination.Host.Span,
                        $"{what} {resolved} of {RuleText.Route(route)} {reason}{hint}.");
                }
            }
        }
    }

    /// <summary>Istio takes <c>reviews.shop</c> as a literal host, not as Service reviews in namespace shop.</summary>
    private static string LiteralNamespaceHint(string host, Core.Index.MeshIndex index, string domain)
    {
        var parts = host.Split('.');
        if (parts.Length == 2 && !index.ServicesByHost(Hosts.ServiceFqdn(parts[0], parts[1], domain)).IsEmpty)
        {
            return $"; Istio reads it literally, the Service is {Hosts.ServiceFqdn(parts[0], parts[1], domain)}";
        }

        return string.Empty;
    }
}
