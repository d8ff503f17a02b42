using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class L7IntentionOnNonHttpService : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3005",
        Name: "L7IntentionOnNonHttpService",
        Mesh: Mesh.Consul,
        Category: Category.Security,
        Title: "L7 intention on a service whose protocol is not HTTP",
        Description: "Intention permissions (path, method and header rules) are layer-7 intentions. Consul accepts them only when the destination's protocol is http, http2 or grpc and otherwise rejects the whole entry (\"has protocol tcp, which is incompatible with L7 intentions permissions\"). The effective protocol is the service's ServiceDefaults protocol, else ProxyDefaults global config.protocol, else tcp. The resource never syncs, so the access rules you reviewed are not the ones Consul enforces.",
        Remediation: "Declare the destination's protocol (ServiceDefaults protocol: http, http2 or grpc), or use a plain action: allow or deny for a TCP service.",
        DefaultSeverity: Severity.Error,
        Inputs: ["ServiceIntentions", "ServiceDefaults", "ProxyDefaults"],
        SecuritySeverity: 5.0,
        Tags: ["intentions", "protocol", "sync"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var consul = context.Index.Consul;
        foreach (var intentions in context.Index.OfType<ServiceIntentions>())
        {
            if (intentions.DestinationName is not { } destination || intentions.HasWildcardDestination)
            {
                continue;
            }

            var protocol = consul.ProtocolOf(destination);
            if (!protocol.IsDecided || protocol.IsHttpLike)
            {
                continue;
            }

            foreach (var source in intentions.Sources)
            {
                if (source.Permissions.IsDefaultOrEmpty || source.PermissionsSpan is not { } at)
                {
                    continue;
                }

                var related = protocol is { DecidedBy: { } by, Span: { } span }
                    ? new[] { new RelatedLocation(span, $"sets the protocol of {destination} to {protocol.Value}", by.Ref) }
                    : [];
                yield return RuleContext.Report(Rule, intentions, at,
                    $"ServiceIntentions {intentions.Name} gives {source.Name?.Value ?? "a source"} L7 permissions on {destination}, whose protocol is {protocol.Value} ({protocol.Origin}), so Consul rejects the entry.",
                    related);
            }
        }
    }
}
