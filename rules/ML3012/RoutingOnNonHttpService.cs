using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class RoutingOnNonHttpService : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3012",
        Name: "RoutingOnNonHttpService",
        Mesh: Mesh.Consul,
        Category: Category.Routing,
        Title: "Router or splitter on a service whose protocol is not HTTP",
        Description: "ServiceRouter and ServiceSplitter are advanced routing: Consul compiles the discovery chain when they are written and rejects them when the service's protocol is not http, http2 or grpc (\"uses a protocol tcp that does not permit advanced routing or splitting behavior\"). The protocol is the service's ServiceDefaults protocol, else ProxyDefaults global config.protocol, else tcp. The resource never syncs, and while it exists later changes to the service's defaults fail too.",
        Remediation: "Give the service an HTTP-based protocol in its ServiceDefaults (or in ProxyDefaults global), or remove the router or splitter of a TCP service.",
        DefaultSeverity: Severity.Error,
        Inputs: ["ServiceRouter", "ServiceSplitter", "ServiceDefaults", "ProxyDefaults"],
        Tags: ["routing", "protocol", "sync"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var consul = context.Index.Consul;
        foreach (var entry in context.Index.OfType<ConsulResource>())
        {
            if (entry is not (ServiceRouter or ServiceSplitter))
            {
                continue;
            }

            var protocol = consul.ProtocolOf(entry.Name);
            if (!protocol.IsDecided || protocol.IsHttpLike)
            {
                continue;
            }

            var related = protocol is { DecidedBy: { } by, Span: { } span }
                ? new[] { new RelatedLocation(span, $"sets the protocol of {entry.Name} to {protocol.Value}", by.Ref) }
                : [];
            yield return RuleContext.Report(Rule, entry, entry.NameSpan,
                $"{entry.Kind} {entry.Name} needs an HTTP-based protocol but {entry.Name} has protocol {protocol.Value} ({protocol.Origin}), so Consul rejects it.",
                related);
        }
    }
}
