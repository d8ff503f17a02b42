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
        Description: "ProxyDefaults must be named global, Mesh must be named mesh, and ExportedServices must be named default, or after its admin partition on Consul Enterprise (assumed when entries in view name partitions). The consul-k8s webhook rejects other names, so the mesh-wide settings you reviewed are not in effect.",
        Remediation: "Rename the resource to the name Consul requires.",
        DefaultSeverity: Severity.Error,
        Inputs: ["ProxyDefaults", "Mesh", "ExportedServices", "ServiceIntentions", "SamenessGroup", "ServiceResolver"],
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

            // With admin partitions (Enterprise) ExportedServices is named after its partition, which the repo does not list.
            if (entry is ExportedServices && context.Index.Consul.UsesAdminPartitions)
            {
                continue;
            }

            if (entry is ExportedServices)
            {
                // It may still be the name of a partition defined outside the repo: a warning, not a certainty.
                yield return RuleContext.Report(Rule, entry, entry.NameSpan,
                    $"ExportedServices is named {entry.Name} but must be named default unless {entry.Name} is an admin partition (no partition is named in the scanned files), so consul-k8s rejects it on Consul CE.") with
                {
                    Severity = Severity.Warning,
                };
                continue;
            }

            yield return RuleContext.Report(Rule, entry, entry.NameSpan,
                $"{entry.Kind} is named {entry.Name} but must be named {required}, so consul-k8s rejects it.") with
            {
                Fixes = [new Fix($"Rename to {required}", [new Replacement(entry.NameSpan, required)])],
            };
        }
    }
}
