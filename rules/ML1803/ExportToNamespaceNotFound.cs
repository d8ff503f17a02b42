using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class ExportToNamespaceNotFound : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1803",
        Name: "ExportToNamespaceNotFound",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "exportTo names a namespace that does not exist",
        Description: "`exportTo` on a VirtualService, DestinationRule or ServiceEntry (and the `networking.istio.io/exportTo` annotation on a Service) lists the namespaces whose proxies see the object, besides `.` (its own), `*` (all) and `~` (none). A namespace name that matches no namespace exports the object to nobody: the clients it was meant for do not get the routes, traffic policy or host, and fall back to defaults or fail to resolve. Judged when the files declare Namespace objects; known names are declared namespaces, namespaces of scanned objects, the root namespace and the Kubernetes and Istio system namespaces. Unless the files are the whole mesh (settings: complete), only names one or two edits away from a known namespace are reported, as typos.",
        Remediation: "Correct the namespace name, or remove the entry if the namespace is gone.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["VirtualService", "DestinationRule", "ServiceEntry", "Service", "Namespace", "ConfigMap", "IstioOperator"],
        Equivalents: ["KIA0005"],
        Tags: ["exportTo", "reference"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var known = KnownNamespaces.Of(index);
        var exporters = index.OfType<VirtualService>().Select(v => ((MeshObject)v, v.ExportTo))
            .Concat(index.OfType<DestinationRule>().Select(d => ((MeshObject)d, d.ExportTo)))
            .Concat(index.OfType<ServiceEntry>().Select(e => ((MeshObject)e, e.ExportTo)));
        foreach (var (obj, exportTo) in exporters)
        {
            foreach (var entry in exportTo)
            {
                if (IsUnknown(known, entry.Value, out var hint))
                {
                    yield return RuleContext.Report(Rule, obj, entry.Span, Message(obj, entry.Value, hint));
                }
            }
        }

        foreach (var service in index.OfType<Service>())
        {
            if (!service.Annotations.TryGet(ServiceRegistry.ServiceExportToAnnotation, out var annotation))
            {
                continue;
            }

            foreach (var name in annotation.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (IsUnknown(known, name, out var hint))
                {
                    yield return RuleContext.Report(Rule, service, annotation.Span, Message(service, name, hint));
                }
            }
        }
    }

    private static bool IsUnknown(KnownNamespaces known, string value, out string hint)
    {
        hint = string.Empty;
        return value is not ("." or "*" or "~") && known.IsUnknown(value, allowWildcards: false, out hint);
    }

    private static string Message(MeshObject obj, string ns, string hint) =>
        $"{obj.Kind} {obj.Namespace}/{obj.Name} is exported to namespace \"{ns}\", but no such namespace is declared or used in the files{hint}; proxies there would be the only ones to see it.";
}
