using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class ConflictingServiceEntryProtocol : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1509",
        Name: "ConflictingServiceEntryProtocol",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "ServiceEntries disagree on a port's protocol",
        Description: "Istio keeps one protocol per host and port. When ServiceEntries visible in a common namespace declare the same host and port with different protocols (HTTPS and TLS, HTTP and TCP), one wins depending on creation order: traffic may be handled as opaque TCP where HTTP routing was expected, and routes or policies written for the other protocol stop matching.",
        Remediation: "Use the same protocol for the port in every ServiceEntry, or declare the host in a single ServiceEntry.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["ServiceEntry"],
        Equivalents: ["IST0177"],
        Tags: ["serviceentry"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var entries = context.Index.OfType<ServiceEntry>().ToList();
        var declarations = entries
            .SelectMany(e => e.Hosts.SelectMany(h => e.Ports.Where(p => p.Number is not null).Select(p => (Entry: e, Host: h.Value.ToLowerInvariant(), Port: p))))
            .ToList();
        foreach (var group in declarations.GroupBy(d => (d.Host, d.Port.Number!.Value.Value)))
        {
            foreach (var declaration in group)
            {
                var clashing = group.Where(o => !ReferenceEquals(o.Entry, declaration.Entry) && Protocol(o.Port) != Protocol(declaration.Port) && SharedScope(o.Entry, declaration.Entry)).ToList();
                if (clashing.Count == 0)
                {
                    continue;
                }

                var names = clashing.Select(c => c.Entry).Append(declaration.Entry).Distinct().Select(e => $"{e.Ref.Namespace}/{e.Name}").Order(StringComparer.Ordinal);
                var protocols = clashing.Select(c => Protocol(c.Port)).Append(Protocol(declaration.Port)).Distinct().Order(StringComparer.Ordinal);
                var anchor = declaration.Port.Protocol?.Span ?? declaration.Port.Span;
                yield return RuleContext.Report(Rule, declaration.Entry, anchor,
                    $"ServiceEntries {RuleText.List(names)} declare host {group.Key.Host} port {RuleText.Number(group.Key.Value)} with different protocols ({string.Join(", ", protocols)}).",
                    clashing.Select(c => new RelatedLocation(c.Port.Protocol?.Span ?? c.Port.Span, $"{c.Entry.Ref} declares {Protocol(c.Port)}", c.Entry.Ref)).ToArray());
            }
        }
    }

    private static string Protocol(ServiceEntryPort port) => port.Protocol?.Value.ToUpperInvariant() ?? "TCP";

    /// <summary>Two entries conflict only where both are visible: their exportTo scopes must share a namespace.</summary>
    private static bool SharedScope(ServiceEntry a, ServiceEntry b)
    {
        var sa = Scope(a);
        var sb = Scope(b);
        return sa is null || sb is null || sa.Overlaps(sb);
    }

    private static HashSet<string>? Scope(ServiceEntry entry)
    {
        if (entry.ExportTo.IsEmpty || entry.ExportTo.Any(e => e.Value == "*"))
        {
            return null;
        }

        return entry.ExportTo.Select(e => e.Value == "." ? entry.Namespace ?? "default" : e.Value).Where(v => v != "~").ToHashSet(StringComparer.Ordinal);
    }
}
