using MeshLint.Core.Index;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class SidecarEgressHostNotFound : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1503",
        Name: "SidecarEgressHostNotFound",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "Sidecar egress host matches nothing",
        Description: "Sidecar `egress[].hosts` entries have the form `<namespace>/<dnsName>` and decide which services the proxy knows; everything else is unreachable (REGISTRY_ONLY) or bypasses the mesh's routing and policies. An entry naming a concrete namespace and host that no Service, ServiceEntry or VirtualService of that namespace defines imports nothing, often because of a typo or a short name where the FQDN is required. Checked for namespaces that have objects in the manifests.",
        Remediation: "Correct the entry (the host part is a fully qualified name or a wildcard such as `*` or `*.example.com`), or create the service it refers to.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Sidecar", "Service", "ServiceEntry", "VirtualService"],
        Equivalents: ["KIA1004"],
        Tags: ["sidecar", "reference"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var sidecar in index.OfType<Sidecar>())
        {
            var own = sidecar.Namespace ?? "default";
            foreach (var host in sidecar.Egress.SelectMany(e => e.Hosts))
            {
                var slash = host.Value.IndexOf('/', StringComparison.Ordinal);
                if (slash < 0)
                {
                    continue;
                }

                var ns = host.Value[..slash];
                var dnsName = host.Value[(slash + 1)..];
                if (ns == ".")
                {
                    ns = own;
                }

                if (ns == "~" || dnsName.Contains('*', StringComparison.Ordinal) || dnsName.Length == 0)
                {
                    continue;
                }

                if (ns != "*" && !index.NamespaceNames.Contains(ns))
                {
                    continue;
                }

                if (Defines(index, ns, dnsName))
                {
                    continue;
                }

                var where = ns == "*" ? "any namespace" : $"namespace {ns}";
                yield return RuleContext.Report(Rule, sidecar, host.Span,
                    $"Egress host {host.Value} of Sidecar {sidecar.Name} matches no Service, ServiceEntry or VirtualService host in {where}, so it imports nothing.");
            }
        }
    }

    private static bool Defines(MeshIndex index, string ns, string dnsName)
    {
        bool InScope(string? objectNamespace) => ns == "*" || objectNamespace == ns;
        return index.ServicesByHost(dnsName).Any(s => InScope(s.Namespace))
            || index.OfType<ServiceEntry>().Any(e => InScope(e.Namespace) && e.Hosts.Any(h => Hosts.Matches(h.Value, dnsName)))
            || index.OfType<VirtualService>().Any(v => InScope(v.Namespace) && v.Hosts.Any(h => Hosts.Matches(Hosts.Resolve(h.Value, v.Namespace ?? "default", index.Settings.ClusterDomain), dnsName)));
    }
}
