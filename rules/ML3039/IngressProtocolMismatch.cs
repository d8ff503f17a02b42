using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class IngressProtocolMismatch : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3039",
        Name: "IngressProtocolMismatch",
        Mesh: Mesh.Consul,
        Category: Category.Routing,
        Title: "Ingress listener protocol differs from the service protocol",
        Description: "Consul rejects an IngressGateway whose http, http2 or grpc listener exposes a service with another protocol (\"service has protocol tcp, which does not match defined listener protocol http\"); a tcp listener may expose an HTTP service only when no router or splitter sits in front of it. The service protocol is its ServiceDefaults protocol, else ProxyDefaults global config.protocol, else tcp. The gateway configuration never syncs.",
        Remediation: "Put the service on a listener of its own protocol, or declare the service's real protocol in its ServiceDefaults.",
        DefaultSeverity: Severity.Error,
        Inputs: ["IngressGateway", "ServiceDefaults", "ProxyDefaults", "ServiceRouter", "ServiceSplitter"],
        Tags: ["gateway", "protocol", "sync"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var consul = context.Index.Consul;
        foreach (var gateway in context.Index.OfType<IngressGateway>())
        {
            foreach (var listener in gateway.Listeners)
            {
                var expected = listener.EffectiveProtocol;
                if (expected is not ("tcp" or "http" or "http2" or "grpc"))
                {
                    continue; // ML3024 reports the invalid protocol
                }

                foreach (var service in listener.Services)
                {
                    if (service.Name is not { Value: not "*" } name)
                    {
                        continue;
                    }

                    var protocol = consul.ProtocolOf(name.Value);
                    if (!protocol.IsDecided || protocol.Value == expected)
                    {
                        continue;
                    }

                    var routed = consul.RouterFor(name.Value) is not null || consul.SplitterFor(name.Value) is not null;
                    if (expected == "tcp" && !routed)
                    {
                        continue;
                    }

                    var related = protocol is { DecidedBy: { } by, Span: { } span }
                        ? new[] { new RelatedLocation(span, $"sets the protocol of {name.Value} to {protocol.Value}", by.Ref) }
                        : [];
                    yield return RuleContext.Report(Rule, gateway, name.Span,
                        $"IngressGateway {gateway.Name} exposes {name.Value} (protocol {protocol.Value}, {protocol.Origin}) on its {expected} listener (port {listener.Port?.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unset"}), so Consul rejects the gateway.",
                        related);
                }
            }
        }
    }
}
