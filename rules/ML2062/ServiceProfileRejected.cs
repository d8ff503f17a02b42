using System.Globalization;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class ServiceProfileRejected : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2062",
        Name: "ServiceProfileRejected",
        Mesh: Mesh.Linkerd,
        Category: Category.Configuration,
        Title: "ServiceProfile the validator rejects",
        Description: "Linkerd's ServiceProfile validator rejects a profile with unknown fields, a route without a name or condition, an empty condition, a response-class status range outside 100-599 or with min above max, a timeout that is not a Go duration, or a retry budget without `ttl` or with a negative `retryRatio`. The apply fails.",
        Remediation: "Give every route a name and a condition, keep status ranges within 100-599, write durations with a unit (`300ms`, `10s`) and give `retryBudget` a `ttl`.",
        DefaultSeverity: Severity.Error,
        Inputs: ["ServiceProfile"],
        Tags: ["serviceprofile", "admission"]);

    public RuleDescriptor Descriptor => Rule;

    private static readonly Dictionary<string, string[]> Fields = new(StringComparer.Ordinal)
    {
        ["spec"] = ["routes", "retryBudget", "dstOverrides", "opaquePorts"],
        ["route"] = ["name", "condition", "responseClasses", "isRetryable", "timeout"],
        ["request"] = ["method", "pathRegex", "all", "any", "not"],
        ["class"] = ["condition", "isFailure"],
        ["response"] = ["status", "all", "any", "not"],
        ["status"] = ["min", "max"],
        ["retryBudget"] = ["retryRatio", "minRetriesPerSecond", "ttl"],
        ["dstOverride"] = ["authority", "weight"],
    };

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var profile in context.Index.OfType<ServiceProfile>())
        {
            foreach (var (span, message) in Problems(profile))
            {
                yield return RuleContext.Report(Rule, profile, span, $"ServiceProfile {profile.Name}: {message}; the ServiceProfile validator rejects it.");
            }
        }
    }

    private static IEnumerable<(SourceSpan, string)> Problems(ServiceProfile profile)
    {
        if (!LinkerdParsing.IsDns1123Subdomain(profile.Name))
        {
            yield return (profile.NameSpan, $"the name {profile.Name} is not a DNS-1123 subdomain");
        }

        if (profile.Spec is not { } spec)
        {
            yield break;
        }

        foreach (var problem in Unknown(spec, "spec"))
        {
            yield return problem;
        }

        if (spec["routes"] is SequenceNode routeList)
        {
            foreach (var item in routeList.Items)
            {
                if (item is not MappingNode route)
                {
                    yield return (item.Span, "a route is null");
                    continue;
                }

                foreach (var problem in Unknown(route, "route"))
                {
                    yield return problem;
                }

                if (route["name"] is not ScalarNode { IsNull: false, Value.Length: > 0 })
                {
                    yield return (route.Span, "a route has no name");
                }

                if (route["timeout"] is ScalarNode { IsNull: false } timeout && LinkerdParsing.GoDuration(timeout.Value) is null)
                {
                    yield return (timeout.Span, $"timeout '{timeout.Value}' is not a duration with a unit (for example 300ms)");
                }

                if (route["condition"] is not MappingNode condition)
                {
                    yield return (route.Span, "a route has no condition");
                }
                else
                {
                    foreach (var problem in Condition(condition, request: true))
                    {
                        yield return problem;
                    }
                }

                if (route["responseClasses"] is SequenceNode classes)
                {
                    foreach (var c in classes.Items)
                    {
                        if (c is not MappingNode responseClass)
                        {
                            yield return (c.Span, "a response class is null");
                            continue;
                        }

                        foreach (var problem in Unknown(responseClass, "class"))
                        {
                            yield return problem;
                        }

                        if (responseClass["condition"] is not MappingNode responseCondition)
                        {
                            yield return (responseClass.Span, "a response class has no condition");
                            continue;
                        }

                        foreach (var problem in Condition(responseCondition, request: false))
                        {
                            yield return problem;
                        }
                    }
                }
            }
        }

        if (spec["retryBudget"] is MappingNode budget)
        {
            foreach (var problem in Unknown(budget, "retryBudget"))
            {
                yield return problem;
            }

            if (budget["retryRatio"] is ScalarNode ratio && double.TryParse(ratio.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value < 0)
            {
                yield return (ratio.Span, $"retryRatio {ratio.Value} is negative");
            }

            if (budget["ttl"] is not ScalarNode { IsNull: false } ttl)
            {
                yield return (spec.KeySpanOr("retryBudget"), "retryBudget has no ttl");
            }
            else if (LinkerdParsing.GoDuration(ttl.Value) is null)
            {
                yield return (ttl.Span, $"retryBudget ttl '{ttl.Value}' is not a duration with a unit (for example 10s)");
            }
        }
    }

    private static IEnumerable<(SourceSpan, string)> Condition(MappingNode condition, bool request)
    {
        foreach (var problem in Unknown(condition, request ? "request" : "response"))
        {
            yield return problem;
        }

        var kinds = request ? new[] { "method", "pathRegex", "all", "any", "not" } : ["status", "all", "any", "not"];
        if (!kinds.Any(k => condition[k] is not null and not ScalarNode { IsNull: true }))
        {
            yield return (condition.Span, $"a {(request ? "route" : "response")} condition sets none of {string.Join(", ", kinds)}");
        }

        foreach (var key in new[] { "all", "any" })
        {
            if (condition[key] is SequenceNode list)
            {
                foreach (var child in list.Items)
                {
                    if (child is MappingNode map)
                    {
                        foreach (var problem in Condition(map, request))
                        {
                            yield return problem;
                        }
                    }
                    else
                    {
                        yield return (child.Span, $"an {key} condition is null");
                    }
                }
            }
        }

        if (condition["not"] is MappingNode not)
        {
            foreach (var problem in Condition(not, request))
            {
                yield return problem;
            }
        }

        if (!request && condition["status"] is MappingNode status)
        {
            foreach (var problem in Unknown(status, "status"))
            {
                yield return problem;
            }

            var min = Bound(status, "min");
            var max = Bound(status, "max");
            foreach (var (bound, node) in new[] { (min, status["min"]), (max, status["max"]) })
            {
                if (bound is { } b && b != 0 && b is < 100 or > 599)
                {
                    yield return (node!.Span, $"status bound {b} is outside 100-599");
                }
            }

            if (min is { } lo && max is { } hi && lo != 0 && hi != 0 && hi < lo)
            {
                yield return (status["max"]!.Span, $"status max {hi} is smaller than min {lo}");
            }
        }
    }

    private static long? Bound(MappingNode status, string key) =>
        status[key] is ScalarNode scalar && scalar.TryGetInt64(out var value) ? value : null;

    /// <summary>The validator decodes strictly: a field it does not know is an error.</summary>
    private static IEnumerable<(SourceSpan, string)> Unknown(MappingNode map, string shape)
    {
        foreach (var (key, _) in map.Entries)
        {
            if (!Fields[shape].Contains(key.Value, StringComparer.Ordinal))
            {
                yield return (key.Span, $"unknown field {key.Value} (expected {string.Join(", ", Fields[shape])})");
            }
        }
    }
}
