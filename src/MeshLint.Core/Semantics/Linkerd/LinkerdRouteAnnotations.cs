using System.Globalization;
using MeshLint.Core.Model;

namespace MeshLint.Core.Semantics.Linkerd;

/// <summary>A retry, timeout or balancer annotation that does not parse, at its value.</summary>
public sealed record AnnotationProblem(string Key, SourceSpan Span, string Message);

/// <summary>
/// Linkerd's outbound annotation parsers (policy-controller outbound/index.rs, http.rs, grpc.rs), which read
/// retries and timeouts from Services and from routes whose parent is a Service, and circuit breaking from Services.
/// </summary>
public static class LinkerdRouteAnnotations
{
    public enum Reader
    {
        Service,
        HttpRoute,
        GrpcRoute,
    }

    public static IEnumerable<AnnotationProblem> Problems(LabelSet annotations, Reader reader)
    {
        foreach (var entry in annotations.Entries)
        {
            var key = entry.Key.Value;
            var value = entry.Value.Value;
            var span = entry.Value.Span;
            string? message = key switch
            {
                LinkerdAnnotations.RetryLimit => ushort.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) && !value.StartsWith('-')
                    ? null
                    : $"retry.linkerd.io/limit must be a whole number from 0 to 65535, not '{value}'",
                LinkerdAnnotations.RetryTimeout or LinkerdAnnotations.TimeoutRequest or LinkerdAnnotations.TimeoutResponse or LinkerdAnnotations.TimeoutIdle =>
                    LinkerdParsing.LinkerdDuration(value, out var error) is null ? $"{key} '{value}' is not a Linkerd duration: {error}" : null,
                LinkerdAnnotations.RetryHttp when reader != Reader.GrpcRoute => HttpConditionsError(value),
                LinkerdAnnotations.RetryGrpc when reader != Reader.HttpRoute => GrpcConditionsError(value),
                _ => null,
            };

            if (message is null && reader == Reader.Service && key.StartsWith("balancer.", StringComparison.Ordinal))
            {
                message = BalancerError(key, value);
            }

            if (message is not null)
            {
                yield return new AnnotationProblem(key, span, message);
            }
        }

        if (reader == Reader.Service)
        {
            var min = Duration(annotations, "balancer.linkerd.io/failure-accrual-consecutive-min-penalty") ?? TimeSpan.FromSeconds(1);
            var max = Duration(annotations, "balancer.linkerd.io/failure-accrual-consecutive-max-penalty") ?? TimeSpan.FromSeconds(60);
            if (min > max && annotations.TryGet("balancer.linkerd.io/failure-accrual-consecutive-min-penalty", out var minValue))
            {
                yield return new AnnotationProblem("balancer.linkerd.io/failure-accrual-consecutive-min-penalty", minValue.Span, $"the minimum penalty ({minValue.Value}) exceeds the maximum penalty");
            }
        }
    }

    private static TimeSpan? Duration(LabelSet annotations, string key) =>
        annotations[key] is { } value ? LinkerdParsing.LinkerdDuration(value, out _) : null;

    /// <summary>Conditions are split on commas and never trimmed: <c>"5xx, 429"</c> fails on <c>" 429"</c>.</summary>
    private static string? HttpConditionsError(string value)
    {
        foreach (var condition in value.Split(','))
        {
            if (condition.Equals("5xx", StringComparison.OrdinalIgnoreCase) || condition.Equals("gateway-error", StringComparison.OrdinalIgnoreCase) || Code(condition) is not null)
            {
                continue;
            }

            var dash = condition.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && Code(condition[..dash]) is { } low && Code(condition[(dash + 1)..]) is { } high && low <= high)
            {
                continue;
            }

            return $"retry.linkerd.io/http condition '{condition}' is not 5xx, gateway-error, a status code or a range of codes from 100 to 599 (no spaces)";
        }

        return null;
    }

    private static int? Code(string text) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 100 and < 600 ? (int)code : null;

    private static string? GrpcConditionsError(string value)
    {
        foreach (var condition in value.Split(','))
        {
            if (condition.ToLowerInvariant() is not ("cancelled" or "deadline-exceeded" or "internal" or "resource-exhausted" or "unavailable"))
            {
                return $"retry.linkerd.io/grpc condition '{condition}' is not one of cancelled, deadline-exceeded, internal, resource-exhausted, unavailable (no spaces)";
            }
        }

        return null;
    }

    private static string? BalancerError(string key, string value)
    {
        switch (key)
        {
            case LinkerdAnnotations.FailureAccrual:
                return value is "consecutive" or "unified" ? null : $"failure-accrual mode '{value}' is not consecutive or unified";
            case "balancer.linkerd.io/failure-accrual-consecutive-max-failures":
                return uint.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _) ? null : $"{key} must be a whole number, not '{value}'";
            case "balancer.linkerd.io/failure-accrual-consecutive-min-penalty":
            case "balancer.linkerd.io/failure-accrual-consecutive-max-penalty":
                return LinkerdParsing.LinkerdDuration(value, out var error) is null ? $"{key} '{value}' is not a Linkerd duration: {error}" : null;
            case "balancer.linkerd.io/failure-accrual-consecutive-jitter-ratio":
                return float.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var jitter) && jitter is >= 0 and <= 100
                    ? null
                    : $"{key} must be a number from 0 to 100, not '{value}'";
            default:
                return null;
        }
    }
}
