using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class InconsistentChainProtocol : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3014",
        Name: "InconsistentChainProtocol",
        Mesh: Mesh.Consul,
        Category: Category.Routing,
        Title: "Discovery chain reaches a service with another protocol",
        Description: "Every service a discovery chain reaches (router destinations, splits, resolver redirects and failovers) must have the chain's protocol. Consul rejects the entry otherwise (\"discovery chain uses inconsistent protocols\"), for example an http router that sends a path to a grpc or tcp service.",
        Remediation: "Align the protocols in the ServiceDefaults of both services, or reach the other protocol through its own service name instead of this chain.",
        DefaultSeverity: Severity.Error,
        Inputs: ["ServiceRouter", "ServiceSplitter", "ServiceResolver", "ServiceDefaults", "ProxyDefaults"],
        Tags: ["routing", "protocol", "sync"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var consul = context.Index.Consul;
        foreach (var reference in consul.ChainReferences)
        {
            if (reference.IsRemote || reference.ServiceField is not { } field || reference.Service == reference.Owner.Name)
            {
                continue;
            }

            var chain = consul.ProtocolOf(reference.Owner.Name);
            var target = consul.ProtocolOf(reference.Service);
            if (!chain.IsDecided || !target.IsDecided || chain.Value == target.Value)
            {
                continue;
            }

            var related = target is { DecidedBy: { } by, Span: { } span }
                ? new[] { new RelatedLocation(span, $"sets the protocol of {reference.Service} to {target.Value}", by.Ref) }
                : [];
            yield return RuleContext.Report(Rule, reference.Owner, field.Span,
                $"{reference.Describe()} {reference.Service}, whose protocol is {target.Value} ({target.Origin}), but {reference.Owner.Name} has protocol {chain.Value} ({chain.Origin}), so Consul rejects the chain.",
                related);
        }
    }
}
