using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class RetryBudgetExceedsTimeout : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1217",
        Name: "RetryBudgetExceedsTimeout",
        Mesh: Mesh.Istio,
        Category: Category.Resilience,
        Title: "Retries cannot finish within the route timeout",
        Description: "The route `timeout` bounds the whole request, retries included. When the first attempt plus `attempts` retries, each allowed `perTryTimeout`, add up to more than the route timeout, the later retries are cut off: the configuration promises a resilience it cannot deliver, and callers get 504 where a retry would have succeeded.",
        Remediation: "Raise the route `timeout` to at least (`attempts` + 1) x `perTryTimeout`, or lower the attempts or the per-try timeout.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["VirtualService"],
        Tags: ["resilience", "retries", "timeouts"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var service in context.Index.OfType<VirtualService>())
        {
            foreach (var route in service.Http)
            {
                if (route.Retries is not { Attempts: { Value: > 0 } attempts, PerTryTimeout: { } perTry }
                    || route.Timeout is not { } timeout
                    || !Durations.TryParse(perTry.Value, out var perTryDuration)
                    || !Durations.TryParse(timeout.Value, out var timeoutDuration)
                    || timeoutDuration <= TimeSpan.Zero)
                {
                    continue;
                }

                var budget = perTryDuration * (attempts.Value + 1);
                if (budget <= timeoutDuration)
                {
                    continue;
                }

                yield return RuleContext.Report(Rule, service, perTry.Span,
                    $"{char.ToUpperInvariant(RuleText.Route(route)[0])}{RuleText.Route(route)[1..]} allows (1 + {RuleText.Number(attempts.Value)} retries) x {perTry.Value} = {Durations.Format(budget)}, more than its timeout of {timeout.Value}.");
            }
        }
    }
}
