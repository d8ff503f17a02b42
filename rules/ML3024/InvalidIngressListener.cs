using MeshLint.Core.Model;
using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class InvalidIngressListener : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3024",
        Name: "InvalidIngressListener",
        Mesh: Mesh.Consul,
        Category: Category.Configuration,
        Title: "Ingress gateway listener the webhook rejects",
        Description: "The consul-k8s webhook rejects an IngressGateway when a listener's protocol is missing or not tcp, http, http2 or grpc, a tcp listener lists more than one service or sets hosts, or the wildcard service \"*\" is used on a listener that is not http or with hosts. The gateway configuration never reaches Consul.",
        Remediation: "Give each TCP service its own listener, drop hosts on TCP listeners, set a valid protocol on every listener, and use \"*\" only on http listeners.",
        DefaultSeverity: Severity.Error,
        Inputs: ["IngressGateway"],
        Tags: ["gateway", "webhook"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var gateway in context.Index.OfType<IngressGateway>())
        {
            foreach (var listener in gateway.Listeners)
            {
                foreach (var (span, problem) in Problems(listener))
                {
                    yield return RuleContext.Report(Rule, gateway, span, $"IngressGateway {gateway.Name}: {problem}.");
                }
            }
        }
    }

    private static IEnumerable<(SourceSpan Span, string Problem)> Problems(IngressListener listener)
    {
        var protocol = listener.EffectiveProtocol;
        if (protocol is not ("tcp" or "http" or "http2" or "grpc"))
        {
            yield return listener.Protocol is { } p
                ? (p.Span, $"listener protocol {p.Value} must be tcp, http, http2 or grpc")
                : (listener.Span, "listener protocol is required (tcp, http, http2 or grpc)");
        }

        if (protocol == "tcp" && listener.Services.Length > 1)
        {
            yield return (listener.ServicesSpan ?? listener.Span, $"a tcp listener takes a single service, but this one lists {listener.Services.Length}");
        }

        foreach (var service in listener.Services)
        {
            if (service.Name is { Value: "*" } wildcard && protocol != "http")
            {
                yield return (wildcard.Span, $"the wildcard service \"*\" needs an http listener, not {(protocol.Length == 0 ? "an unset protocol" : protocol)}");
            }

            if (!service.Hosts.IsDefaultOrEmpty && service.HostsSpan is { } hosts)
            {
                if (service.Name?.Value == "*")
                {
                    yield return (hosts, "hosts must be empty for the wildcard service \"*\"");
                }
                else if (protocol == "tcp")
                {
                    yield return (hosts, "hosts must be empty on a tcp listener");
                }
            }
        }
    }
}
