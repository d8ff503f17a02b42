using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class ServiceEntryAddressesRequired : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1508",
        Name: "ServiceEntryAddressesRequired",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "TCP ServiceEntry has no addresses",
        Description: "For plain TCP (a port with protocol TCP or none) the proxy can tell services apart only by destination IP and port. A ServiceEntry with such ports and no `addresses` becomes a listener on 0.0.0.0:<port> that captures all outbound traffic on that port, shadowing or colliding with every other TCP service on it (two databases on 5432). Not reported when the mesh config enables DNS capture with address auto-allocation.",
        Remediation: "Add the service's IPs or CIDRs to `addresses`, or enable DNS proxying with auto-allocation (ISTIO_META_DNS_CAPTURE and ISTIO_META_DNS_AUTO_ALLOCATE in the mesh config's proxyMetadata).",
        DefaultSeverity: Severity.Warning,
        Inputs: ["ServiceEntry", "ConfigMap", "IstioOperator"],
        Equivalents: ["IST0134"],
        Tags: ["serviceentry", "tcp"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var mesh = context.Index.MeshConfig;
        bool Flag(string name) => (mesh.Get("defaultConfig", "proxyMetadata", name)?.Node as ScalarNode)?.Value == "true";
        if (Flag("ISTIO_META_DNS_CAPTURE") && (Flag("ISTIO_META_DNS_AUTO_ALLOCATE") || Flag("PILOT_ENABLE_IP_AUTOALLOCATE")))
        {
            yield break;
        }

        foreach (var entry in context.Index.OfType<ServiceEntry>())
        {
            if (!entry.Addresses.IsEmpty)
            {
                continue;
            }

            foreach (var port in entry.Ports)
            {
                if (port.Protocol is null || string.Equals(port.Protocol.Value.Value, "TCP", StringComparison.OrdinalIgnoreCase))
                {
                    var number = port.Number is { } n ? RuleText.Number(n.Value) : "?";
                    yield return RuleContext.Report(Rule, entry, port.Span,
                        $"ServiceEntry {entry.Name} declares TCP port {number} without addresses, so its listener captures all outbound TCP traffic on port {number}.");
                }
            }
        }
    }
}
