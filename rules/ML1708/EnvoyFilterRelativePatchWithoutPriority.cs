using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class EnvoyFilterRelativePatchWithoutPriority : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1708",
        Name: "EnvoyFilterRelativePatchWithoutPriority",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "EnvoyFilter relative patch has no priority",
        Description: "INSERT_BEFORE, INSERT_AFTER, REPLACE and REMOVE act relative to an object that must already exist when the patch runs. EnvoyFilters of equal priority (0 when unset) apply in creation order, so whether the anchor exists, possibly added by another EnvoyFilter, depends on which was created first; a re-create, a restore or an upgrade changes the order and the patch silently stops applying. With `match.proxy.proxyVersion` the risk is higher during upgrades.",
        Remediation: "Set `spec.priority` to order the EnvoyFilter explicitly, or use an operation that does not depend on other patches (INSERT_FIRST, ADD).",
        DefaultSeverity: Severity.Warning,
        Inputs: ["EnvoyFilter"],
        Equivalents: ["IST0151", "IST0155"],
        Tags: ["envoyfilter"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var filter in context.Index.OfType<EnvoyFilter>())
        {
            if (filter.Priority is { Value: not 0 })
            {
                continue;
            }

            foreach (var patch in filter.ConfigPatches)
            {
                if (patch.Operation is not { } operation || !IsRelative(operation.Value, patch.ApplyTo?.Value))
                {
                    continue;
                }

                var version = patch.ProxyVersion is { } v ? $" and matches proxyVersion {v.Value}, so an upgrade can reorder it" : string.Empty;
                yield return RuleContext.Report(Rule, filter, operation.Span,
                    $"EnvoyFilter {filter.Name} applies {operation.Value} to {patch.ApplyTo?.Value ?? "its target"} without a priority{version}.");
            }
        }
    }

    /// <summary>Operations whose effect depends on what other patches did first; invalid combinations belong to ML1709/ML1710.</summary>
    private static bool IsRelative(string operation, string? applyTo) => operation switch
    {
        "INSERT_BEFORE" or "INSERT_AFTER" => true,
        "REPLACE" => EnvoyFilterTargets.Replaceable(applyTo),
        "REMOVE" => applyTo != "ROUTE_CONFIGURATION",
        _ => false,
    };
}

/// <summary>What EnvoyFilter operations Istio implements for each <c>applyTo</c>.</summary>
internal static class EnvoyFilterTargets
{
    /// <summary>REPLACE is implemented for listener, network and HTTP filters and for virtual hosts.</summary>
    public static bool Replaceable(string? applyTo) => applyTo is "LISTENER_FILTER" or "NETWORK_FILTER" or "HTTP_FILTER" or "VIRTUAL_HOST";
}
