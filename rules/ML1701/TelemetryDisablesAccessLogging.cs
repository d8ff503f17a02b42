using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class TelemetryDisablesAccessLogging : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1701",
        Name: "TelemetryDisablesAccessLogging",
        Mesh: Mesh.Istio,
        Category: Category.Observability,
        Title: "Telemetry turns access logging off",
        Description: "Proxy access logs record who called what, when and with which result, including requests denied by AuthorizationPolicy. A Telemetry resource with `accessLogging[].disabled: true` removes that record for the workloads it selects (the whole mesh from the root namespace): incident response and audits have nothing to work from, and activity in those workloads leaves no trace at the proxy.",
        Remediation: "Remove `disabled: true`; to reduce volume, keep logging with a `filter` expression (for example `response.code >= 400`) or log one side only with `match.mode`.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Telemetry"],
        SecuritySeverity: 3.5,
        Tags: ["telemetry", "audit"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var telemetry in context.Index.OfType<Telemetry>())
        {
            foreach (var logging in telemetry.AccessLogging)
            {
                if (logging.Disabled is { Value: true } disabled)
                {
                    var scope = telemetry.Selector is { Labels.IsEmpty: false } s ? $"workloads {s.Labels}" : telemetry.Namespace == context.Settings.IstioRootNamespace ? "the whole mesh" : $"namespace {telemetry.Namespace}";
                    yield return RuleContext.Report(Rule, telemetry, disabled.Span,
                        $"Telemetry {telemetry.Name} disables access logging for {scope}.");
                }
            }
        }
    }
}
