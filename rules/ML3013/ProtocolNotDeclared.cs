using MeshLint.Core.Model;
using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class ProtocolNotDeclared : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3013",
        Name: "ProtocolNotDeclared",
        Mesh: Mesh.Consul,
        Category: Category.Routing,
        Title: "HTTP-only configuration for a service with no protocol in view",
        Description: "Routers, splitters, L7 intentions and HTTP ingress listeners require the service to have an HTTP-based protocol. The scanned files hold neither a ServiceDefaults protocol for the service nor a ProxyDefaults global, so unless one is applied from elsewhere Consul uses tcp and rejects the entry. Closed-world: it reports what was not found in the scanned files.",
        Remediation: "Add a ServiceDefaults for the service with protocol: http (or http2 or grpc) next to the entry that needs it.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["ServiceRouter", "ServiceSplitter", "ServiceIntentions", "IngressGateway", "ServiceDefaults", "ProxyDefaults"],
        Tags: ["routing", "protocol", "closed-world"],
        ClosedWorld: true,
        IncompleteSeverity: Severity.Note);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var consul = context.Index.Consul;
        foreach (var entry in context.Index.OfType<ConsulResource>())
        {
            switch (entry)
            {
                case ServiceRouter or ServiceSplitter when !consul.ProtocolOf(entry.Name).IsDecided:
                    if (!ClosedWorld.IsExternal(context.Settings, null, entry.Name))
                    {
                        yield return Missing(context, entry, entry.NameSpan, entry.Name, $"{entry.Kind} {entry.Name}");
                    }

                    break;
                case ServiceIntentions { Destination.Name: { Value: not "*" } destination } intentions
                    when intentions.Sources.Any(s => !s.Permissions.IsDefaultOrEmpty) && !consul.ProtocolOf(destination.Value).IsDecided && !ClosedWorld.IsExternal(context.Settings, null, destination.Value):
                    yield return Missing(context, entry, destination.Span, destination.Value, $"ServiceIntentions {entry.Name} (L7 permissions)");
                    break;
                case IngressGateway gateway:
                    foreach (var listener in gateway.Listeners)
                    {
                        if (listener.EffectiveProtocol is not ("http" or "http2" or "grpc"))
                        {
                            continue;
                        }

                        foreach (var service in listener.Services)
                        {
                            if (service.Name is { Value: not "*" } name && !consul.ProtocolOf(name.Value).IsDecided && !ClosedWorld.IsExternal(context.Settings, null, name.Value))
                            {
                                yield return Missing(context, entry, name.Span, name.Value, $"IngressGateway {entry.Name} ({listener.EffectiveProtocol} listener)");
                            }
                        }
                    }

                    break;
            }
        }
    }

    private static Finding Missing(RuleContext context, MeshObject entry, SourceSpan at, string service, string what) =>
        context.ReportMissing(Rule, entry, at,
            $"{what} needs an HTTP-based protocol for {service}, but no ServiceDefaults {service} with a protocol and no ProxyDefaults global were found in the scanned files, so Consul would use tcp.");
}
