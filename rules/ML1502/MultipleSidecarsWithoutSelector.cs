using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class MultipleSidecarsWithoutSelector : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1502",
        Name: "MultipleSidecarsWithoutSelector",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "More than one namespace-wide Sidecar",
        Description: "A Sidecar without workloadSelector is the default for every workload of its namespace that no selector-based Sidecar matches. A namespace can have only one: with two, Istio uses one of them (the oldest) and ignores the other, so part of the intended egress lockdown or listener configuration silently does not exist.",
        Remediation: "Merge the namespace-wide Sidecars into one, or give the ones meant for specific workloads a workloadSelector.",
        DefaultSeverity: Severity.Error,
        Inputs: ["Sidecar"],
        Equivalents: ["IST0111", "KIA0002"],
        Tags: ["sidecar"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var groups = context.Index.OfType<Sidecar>()
            .Where(s => s.WorkloadSelector is not { Labels.IsEmpty: false })
            .GroupBy(s => s.Namespace ?? "default", StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var sidecars = group.ToList();
            if (sidecars.Count < 2)
            {
                continue;
            }

            foreach (var sidecar in sidecars)
            {
                var others = sidecars.Where(s => !ReferenceEquals(s, sidecar)).ToList();
                yield return RuleContext.Report(Rule, sidecar, sidecar.SpecSpan,
                    $"Sidecar {sidecar.Name} and {RuleText.List(others.Select(o => $"{o.Ref.Namespace}/{o.Name}"))} have no workloadSelector in namespace {group.Key}; Istio applies only one of them.",
                    others.Select(o => new RelatedLocation(o.SpecSpan, $"{o.Ref} is also namespace-wide", o.Ref)).ToArray());
            }
        }
    }
}
