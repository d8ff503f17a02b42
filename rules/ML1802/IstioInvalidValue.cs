using System.Globalization;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class IstioInvalidValue : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1802",
        Name: "IstioInvalidValue",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "Istio field value is invalid",
        Description: "Istio validates the form and range of many values: durations are strings with a unit (10s, 250ms, 1h), port numbers lie between 1 and 65535, route weights and percentages between 0 and 100, abort HTTP statuses between 200 and 599, retry attempts are not negative. A value of the wrong form or out of range makes the API server reject the object, or, where validation is bypassed, Istio drop it. A bare \"10\" for a timeout reads as ten seconds but is not a duration.",
        Remediation: "Write durations with a unit and keep numbers within the documented range.",
        DefaultSeverity: Severity.Error,
        Inputs: ["VirtualService", "DestinationRule", "Gateway", "ServiceEntry", "Sidecar", "Telemetry"],
        Equivalents: ["IST0106"],
        Tags: ["schema"]);

    public RuleDescriptor Descriptor => Rule;

    private enum Check
    {
        Duration,
        Port,
        Percent,
        HttpStatus,
        NonNegative,
    }

    private static readonly Dictionary<string, (string Path, Check Check)[]> Fields = new(StringComparer.Ordinal)
    {
        ["VirtualService"] =
        [
            ("spec.http[].timeout", Check.Duration),
            ("spec.http[].retries.perTryTimeout", Check.Duration),
            ("spec.http[].retries.attempts", Check.NonNegative),
            ("spec.http[].fault.delay.fixedDelay", Check.Duration),
            ("spec.http[].fault.delay.percentage.value", Check.Percent),
            ("spec.http[].fault.abort.percentage.value", Check.Percent),
            ("spec.http[].fault.abort.httpStatus", Check.HttpStatus),
            ("spec.http[].mirrorPercentage.value", Check.Percent),
            ("spec.http[].route[].weight", Check.Percent),
            ("spec.tcp[].route[].weight", Check.Percent),
            ("spec.tls[].route[].weight", Check.Percent),
            ("spec.http[].route[].destination.port.number", Check.Port),
            ("spec.tcp[].route[].destination.port.number", Check.Port),
            ("spec.tls[].route[].destination.port.number", Check.Port),
        ],
        ["DestinationRule"] = TrafficPolicy("spec.trafficPolicy").Concat(TrafficPolicy("spec.subsets[].trafficPolicy")).ToArray(),
        ["Gateway"] = [("spec.servers[].port.number", Check.Port)],
        ["ServiceEntry"] = [("spec.ports[].number", Check.Port), ("spec.ports[].targetPort", Check.Port)],
        ["Sidecar"] = [("spec.ingress[].port.number", Check.Port), ("spec.egress[].port.number", Check.Port)],
        ["Telemetry"] = [("spec.tracing[].randomSamplingPercentage", Check.Percent)],
    };

    private static IEnumerable<(string, Check)> TrafficPolicy(string prefix)
    {
        foreach (var scope in new[] { prefix, prefix + ".portLevelSettings[]" })
        {
            yield return ($"{scope}.outlierDetection.interval", Check.Duration);
            yield return ($"{scope}.outlierDetection.baseEjectionTime", Check.Duration);
            yield return ($"{scope}.outlierDetection.maxEjectionPercent", Check.Percent);
            yield return ($"{scope}.connectionPool.tcp.connectTimeout", Check.Duration);
            yield return ($"{scope}.connectionPool.http.idleTimeout", Check.Duration);
            yield return ($"{scope}.port.number", Check.Port);
        }
    }

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var obj in context.Index.Objects)
        {
            if (!obj.Header.Group.EndsWith("istio.io", StringComparison.Ordinal) || !Fields.TryGetValue(obj.Kind, out var fields))
            {
                continue;
            }

            foreach (var (path, check) in fields)
            {
                foreach (var hit in NodePaths.Select(obj.Root, path))
                {
                    if (hit.Value is not ScalarNode { IsNull: false } scalar || Problem(scalar, check) is not { } problem)
                    {
                        continue;
                    }

                    yield return RuleContext.Report(Rule, obj, scalar.Span,
                        $"{obj.Kind} {obj.Name}: {NodePaths.Display(path)} \"{scalar.Value}\" {problem}.");
                }
            }
        }
    }

    private static string? Problem(ScalarNode scalar, Check check)
    {
        // Only plain numbers are judged for range: a quoted or non-numeric value in a number field is a wrong type,
        // which ML9002 reports where the model reads the field.
        if (check != Check.Duration && !scalar.IsNumber)
        {
            return null;
        }

        var isNumber = double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number);
        return check switch
        {
            Check.Duration => Durations.TryParse(scalar.Value, out _)
                ? null
                : "is not a duration (a number with a unit such as 10s or 250ms)",
            Check.Port => !isNumber || number is >= 1 and <= 65535 ? null : "is not a port number between 1 and 65535",
            Check.Percent => !isNumber || number is >= 0 and <= 100 ? null : "is not between 0 and 100",
            Check.HttpStatus => !isNumber || number is >= 200 and <= 599 ? null : "is not an HTTP status between 200 and 599",
            Check.NonNegative => !isNumber || number >= 0 ? null : "is negative",
            _ => null,
        };
    }
}
