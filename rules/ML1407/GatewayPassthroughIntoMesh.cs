using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class GatewayPassthroughIntoMesh : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1407",
        Name: "GatewayPassthroughIntoMesh",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "Gateway passes TLS through to an in-mesh service",
        Description: "With `tls.mode: PASSTHROUGH` the ingress gateway routes on SNI only and forwards the encrypted stream. For a service inside the mesh the edge then applies nothing that needs the request (HTTP routing, JWT validation, L7 AuthorizationPolicy, request telemetry), and the workload must hold a publicly trusted certificate and key itself, outside the mesh's certificate management.",
        Remediation: "Terminate TLS at the gateway (`SIMPLE` or `MUTUAL` with `credentialName`) and route HTTP; keep PASSTHROUGH for destinations outside the mesh, or suppress the finding with a reason when end-to-end TLS to the pod is required.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Gateway", "VirtualService", "Service"],
        SecuritySeverity: 4.0,
        Tags: ["gateway", "tls", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var domain = context.Settings.ClusterDomain;
        foreach (var gateway in index.OfType<Gateway>())
        {
            if (IstioGateways.IsEgress(gateway))
            {
                continue;
            }

            foreach (var server in gateway.Servers)
            {
                if (server.Tls?.Mode is not { Value: "PASSTHROUGH" } mode)
                {
                    continue;
                }

                var inMesh = index.OfType<VirtualService>()
                    .Where(vs => GatewayBindings.Of(vs, index).Any(b => ReferenceEquals(b.IstioGateway, gateway)))
                    .SelectMany(vs => vs.Tls.SelectMany(r => r.Routes).Select(r => Hosts.Resolve(r.Destination.Host.Value, vs.Namespace ?? "default", domain)))
                    .Where(host => !index.ServicesByHost(host).IsEmpty)
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
                if (inMesh.Count == 0)
                {
                    continue;
                }

                yield return RuleContext.Report(Rule, gateway, mode.Span,
                    $"Gateway {gateway.Name} passes TLS through to in-mesh {RuleText.List(inMesh)}, so the edge cannot apply HTTP routing, JWT or L7 authorization.");
            }
        }
    }
}
