using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Rules;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class GatewayApiDuplicateListener : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4012",
        Name: "GatewayApiDuplicateListener",
        Mesh: Mesh.Kubernetes,
        Category: Category.Routing,
        Title: "Gateway repeats a listener",
        Description: "Within one Gateway API Gateway each listener must have a distinct combination of hostname, port and protocol. Duplicates are Conflicted: the implementation does not program them, so routes attached through the later listener are not served and the certificate it carries is never used.",
        Remediation: "Remove the duplicate listener or change its hostname, port or protocol; to rotate a certificate, list both in one listener's certificateRefs or replace the Secret.",
        DefaultSeverity: Severity.Error,
        Inputs: ["Gateway"],
        Equivalents: ["KIA1503"],
        Tags: ["gateway-api"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var gateway in context.Index.OfType<KubernetesGateway>())
        {
            var seen = new Dictionary<string, Listener>(StringComparer.OrdinalIgnoreCase);
            foreach (var listener in gateway.Listeners)
            {
                var key = $"{listener.Hostname?.Value}|{listener.Port?.Value}|{listener.Protocol?.Value}";
                if (seen.TryAdd(key, listener))
                {
                    continue;
                }

                var first = seen[key];
                var port = listener.Port is { } p ? RuleText.Number(p.Value) : "?";
                yield return RuleContext.Report(Rule, gateway, listener.Name?.Span ?? listener.Span,
                    $"Listener {listener.Name?.Value ?? "?"} of Gateway {gateway.Name} repeats listener {first.Name?.Value ?? "?"} ({listener.Hostname?.Value ?? "any host"}, port {port}, {listener.Protocol?.Value}).",
                    new RelatedLocation(first.Name?.Span ?? first.Span, "first listener", gateway.Ref));
            }
        }
    }
}
