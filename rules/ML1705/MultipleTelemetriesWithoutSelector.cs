using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class MultipleTelemetriesWithoutSelector : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1705",
        Name: "MultipleTelemetriesWithoutSelector",
        Mesh: Mesh.Istio,
        Category: Category.Observability,
        Title: "More than one namespace-wide Telemetry",
        Description: "A Telemetry resource without selector or targetRefs sets the defaults of its namespace (of the whole mesh in the root namespace). Only one such resource per namespace is used: with two, Istio picks one and ignores the other, so part of the intended tracing, metrics or access-log configuration silently does not apply.",
        Remediation: "Merge the namespace-wide Telemetry resources into one, or give those meant for specific workloads a selector.",
        DefaultSeverity: Severity.Error,
        Inputs: ["Telemetry"],
        Equivalents: ["IST0160"],
        Tags: ["telemetry"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var groups = context.Index.OfType<Telemetry>()
            .Where(t => t.Selector is not { Labels.IsEmpty: false } && t.TargetRefs.IsDefaultOrEmpty)
            .GroupBy(t => t.Namespace ?? "default", StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var all = group.ToList();
            if (all.Count < 2)
            {
                continue;
            }

            foreach (var telemetry in all)
            {
                var others = all.Where(t => !ReferenceEquals(t, telemetry)).ToList();
                yield return RuleContext.Report(Rule, telemetry, telemetry.SpecSpan,
                    $"Telemetry {telemetry.Name} and {RuleText.List(others.Select(o => $"{o.Ref.Namespace}/{o.Name}"))} have no selector in namespace {group.Key}; Istio applies only one of them.",
                    others.Select(o => new RelatedLocation(o.SpecSpan, $"{o.Ref} is also namespace-wide", o.Ref)).ToArray());
            }
        }
    }
}
