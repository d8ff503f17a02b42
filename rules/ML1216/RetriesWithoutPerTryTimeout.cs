using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class RetriesWithoutPerTryTimeout : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1216",
        Name: "RetriesWithoutPerTryTimeout",
        Mesh: Mesh.Istio,
        Category: Category.Resilience,
        Title: "Retries have no per-try timeout",
        Description: "Without `perTryTimeout`, each attempt may take as long as the whole route timeout (or forever when the route has none). A hung upstream then consumes the entire budget on the first attempt and the retry never happens, which is the case retries exist for; with no route timeout the request and its connection stay open indefinitely.",
        Remediation: "Set `retries.perTryTimeout` to the latency a healthy attempt needs, and keep (`attempts` + 1) x `perTryTimeout` within the route `timeout`.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["VirtualService"],
        Tags: ["resilience", "retries"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var service in context.Index.OfType<VirtualService>())
        {
            foreach (var route in service.Http)
            {
                // attempts: 0 turns retries off, so there is nothing to time.
                if (route.Retries is not { } retries || retries.PerTryTimeout is not null || retries.Attempts is { Value: <= 0 })
                {
                    continue;
                }

                var attempts = retries.Attempts is { } a ? $"{RuleText.Number(a.Value)} retries" : "retries";
                var timeout = route.Timeout is { } t ? $"the route timeout of {t.Value}" : "no route timeout at all";
                yield return RuleContext.Report(Rule, service, retries.Span,
                    $"{char.ToUpperInvariant(RuleText.Route(route)[0])}{RuleText.Route(route)[1..]} allows {attempts} without perTryTimeout, so one attempt can use {timeout}.");
            }
        }
    }
}
