using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class FaultInjectionEnabled : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1215",
        Name: "FaultInjectionEnabled",
        Mesh: Mesh.Istio,
        Category: Category.Resilience,
        Title: "VirtualService injects faults",
        Description: "`fault.delay` and `fault.abort` make the sidecar delay or fail real requests on purpose. They belong to resilience tests; left in the manifests they keep degrading production traffic, and because the proxy produces the failures the application shows no error.",
        Remediation: "Remove the `fault` block after the experiment; keep fault injection in manifests applied only to test environments, or suppress the finding with a reason when it is intended.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["VirtualService"],
        Tags: ["resilience", "testing"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var service in context.Index.OfType<VirtualService>())
        {
            foreach (var route in service.Http)
            {
                if (route.Fault is not { } fault)
                {
                    continue;
                }

                foreach (var kind in new[] { "delay", "abort" })
                {
                    if (fault[kind] is not MappingNode spec)
                    {
                        continue;
                    }

                    var effect = kind == "delay"
                        ? $"a delay of {Scalar(spec, "fixedDelay") ?? "unspecified length"}"
                        : $"an abort with {(Scalar(spec, "httpStatus") is { } status ? $"HTTP {status}" : Scalar(spec, "grpcStatus") is { } grpc ? $"gRPC {grpc}" : "an error")}";
                    var percentage = (spec["percentage"] as MappingNode)?["value"] as ScalarNode;
                    if (percentage is { } zero && double.TryParse(zero.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value == 0)
                    {
                        continue;
                    }

                    var share = percentage is { } pct ? $"for {pct.Value}% of requests" : "(percentage not set)";
                    var label = RuleText.Route(route);
                    yield return RuleContext.Report(Rule, service, fault.KeySpanOr(kind),
                        $"{char.ToUpperInvariant(label[0])}{label[1..]} injects {effect} {share} (fault.{kind}).");
                }
            }
        }
    }

    private static string? Scalar(MappingNode map, string key) => (map[key] as ScalarNode)?.Value;
}
