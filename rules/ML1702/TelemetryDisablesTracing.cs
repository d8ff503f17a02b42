using System.Globalization;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class TelemetryDisablesTracing : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1702",
        Name: "TelemetryDisablesTracing",
        Mesh: Mesh.Istio,
        Category: Category.Observability,
        Title: "Telemetry turns tracing off",
        Description: "Distributed traces link a request's hops across services: they attribute latency and failures and let a suspicious request be followed through the mesh. `disableSpanReporting: true` or `randomSamplingPercentage: 0` stops span reporting for the workloads a Telemetry resource selects (the whole mesh from the root namespace), leaving gaps in every trace that crosses them.",
        Remediation: "Keep span reporting on and lower `randomSamplingPercentage` to control volume instead of disabling it.",
        DefaultSeverity: Severity.Note,
        Inputs: ["Telemetry"],
        Tags: ["telemetry", "tracing"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var telemetry in context.Index.OfType<Telemetry>())
        {
            foreach (var tracing in telemetry.Tracing)
            {
                if (tracing.DisableSpanReporting is { Value: true } disabled)
                {
                    yield return RuleContext.Report(Rule, telemetry, disabled.Span,
                        $"Telemetry {telemetry.Name} disables span reporting (disableSpanReporting: true).");
                }
                else if (tracing.RandomSamplingPercentage is { } sampling
                    && double.TryParse(sampling.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var percentage)
                    && percentage <= 0)
                {
                    yield return RuleContext.Report(Rule, telemetry, sampling.Span,
                        $"Telemetry {telemetry.Name} samples {sampling.Value}% of requests, so no trace is recorded.");
                }
            }
        }
    }
}
