using MeshLint.Core.Model;
using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class MisnamedSingletonEntry : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3025",
        Name: "MisnamedSingletonEntry",
        Mesh: Mesh.Consul,
        Category: Category.Configuration,
        Title: "Singleton config entry has the wrong name",
        Description: "ProxyDefaults must be named global, Mesh must be named mesh, and ExportedServices must be named default (or the admin partition's name). The consul-k8s webhook rejects other names, so the mesh-wide settings you reviewed are not in effect.",
        Remediation: "Rename the resource to the name Consul requires.",
        DefaultSeverity: Severity.Error,
        Inputs: ["ProxyDefaults", "Mesh", "ExportedServices"],
        Tags: ["webhook"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var entry in context.Index.OfType<ConsulResource>())
        {
            var required = entry switch
            {
                ProxyDefaults => "global",
                MeshConfigEntry => "mesh",
                ExportedServices => "default",
                _ => null,
            };
            if (required is null || entry.Name == required)
            {
                continue;
            }

            var partitions = entry is ExportedServices ? " (or the admin partition's name)" : string.Empty;
            yield return RuleContext.Report(Rule, entry, entry.NameSpan,
                $"{entry.Kind} is named {entry.Name} but must be named {required}{partitions}, so consul-k8s rejects it.") with
            {
                Fixes = [new Fix($"Rename to {required}", [new Replacement(entry.NameSpan, required)])],
            };
        }
    }
}
