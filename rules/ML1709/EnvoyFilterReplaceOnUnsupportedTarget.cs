using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class EnvoyFilterReplaceOnUnsupportedTarget : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1709",
        Name: "EnvoyFilterReplaceOnUnsupportedTarget",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "EnvoyFilter REPLACE on an object it cannot replace",
        Description: "The REPLACE operation is implemented only for listener filters, network filters, HTTP filters and virtual hosts. For any other `applyTo` (CLUSTER, LISTENER, FILTER_CHAIN...) Istio accepts the EnvoyFilter and then ignores the patch, so the change never reaches the proxy and nothing reports it.",
        Remediation: "Use MERGE to change fields of the object, REMOVE plus ADD to swap it, or target the filter level where REPLACE is supported.",
        DefaultSeverity: Severity.Error,
        Inputs: ["EnvoyFilter"],
        Equivalents: ["IST0152"],
        Tags: ["envoyfilter"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var filter in context.Index.OfType<EnvoyFilter>())
        {
            foreach (var patch in filter.ConfigPatches)
            {
                // A route configuration is ML1710's case: every non-merge patch is ignored there.
                if (patch.Operation is { Value: "REPLACE" } operation && patch.ApplyTo?.Value is { } applyTo
                    && applyTo != "ROUTE_CONFIGURATION" && !EnvoyFilterTargets.Replaceable(applyTo))
                {
                    yield return RuleContext.Report(Rule, filter, operation.Span,
                        $"EnvoyFilter {filter.Name} uses REPLACE on {applyTo}, which Istio cannot replace, so the patch is ignored.");
                }
            }
        }
    }
}
