using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class EnvoyFilterPatchIgnoredOnRouteConfiguration : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1710",
        Name: "EnvoyFilterPatchIgnoredOnRouteConfiguration",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "EnvoyFilter patch on a route configuration is ignored",
        Description: "A route configuration is a single object per listener port, not a list: Istio applies only MERGE patches to `applyTo: ROUTE_CONFIGURATION`. ADD, REMOVE, INSERT_* and REPLACE patches on it are accepted and then ignored, so the header, timeout or virtual host they were meant to add or drop never reaches the proxy.",
        Remediation: "Use MERGE to change the route configuration, or target VIRTUAL_HOST or HTTP_ROUTE (which support ADD and REMOVE) to add or remove entries.",
        DefaultSeverity: Severity.Error,
        Inputs: ["EnvoyFilter"],
        Equivalents: ["IST0153", "IST0154"],
        Tags: ["envoyfilter"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var filter in context.Index.OfType<EnvoyFilter>())
        {
            foreach (var patch in filter.ConfigPatches)
            {
                if (patch.ApplyTo?.Value == "ROUTE_CONFIGURATION" && patch.Operation is { Value: not ("MERGE" or "MERGE_AND_REPLACE_LIST") } operation)
                {
                    yield return RuleContext.Report(Rule, filter, operation.Span,
                        $"EnvoyFilter {filter.Name} applies {operation.Value} to ROUTE_CONFIGURATION, where only MERGE takes effect, so the patch is ignored.");
                }
            }
        }
    }
}
