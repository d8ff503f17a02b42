using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class TelemetryAccessLoggingWithoutProvider : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1703",
        Name: "TelemetryAccessLoggingWithoutProvider",
        Mesh: Mesh.Istio,
        Category: Category.Observability,
        Title: "Telemetry access logging names no provider",
        Description: "An accessLogging entry without `providers` applies to the mesh's default access-log providers (`defaultProviders.accessLogging` in the mesh config). When the mesh config defines none, the entry has nowhere to log and Istio ignores it, so the filter or enablement it carries has no effect. Reported only when the mesh config is in the manifests.",
        Remediation: "Name a provider in the entry (`envoy` or one of the mesh config's extensionProviders), or set `defaultProviders.accessLogging` in the mesh config.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Telemetry", "ConfigMap", "IstioOperator"],
        Equivalents: ["IST0157"],
        Tags: ["telemetry"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var mesh = context.Index.MeshConfig;
        if (!mesh.IsDeclared || mesh.Get("defaultProviders", "accessLogging") is { Node: Core.Model.SequenceNode { Items.IsEmpty: false } })
        {
            yield break;
        }

        foreach (var telemetry in context.Index.OfType<Telemetry>())
        {
            foreach (var logging in telemetry.AccessLogging)
            {
                if (logging.Disabled?.Value == true || !logging.Providers.IsEmpty)
                {
                    continue;
                }

                yield return RuleContext.Report(Rule, telemetry, logging.Span,
                    $"An accessLogging entry of Telemetry {telemetry.Name} names no provider and the mesh config sets no defaultProviders.accessLogging, so Istio ignores it.");
            }
        }
    }
}
