using System.Globalization;
using System.Text.RegularExpressions;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed partial class InvalidProxyAnnotationValue : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2008",
        Name: "InvalidProxyAnnotationValue",
        Mesh: Mesh.Linkerd,
        Category: Category.Configuration,
        Title: "Linkerd proxy annotation value does not parse",
        Description: "The proxy injector parses `config.linkerd.io/*` values when a pod is created and, when a value does not parse, logs a warning and keeps the default: a connect timeout without a unit, a boolean written `yes`, `proxy-await: true` instead of `enabled`. Port lists are worse: the policy controller treats an unparsable `opaque-ports` list as empty, and `skip-inbound-ports`, `skip-outbound-ports` and `skip-subnets` are handed unchecked to the proxy-init iptables setup, where a bad range or CIDR is not applied as intended.",
        Remediation: "Port lists are comma-separated ports or increasing `low-high` ranges (`\"25,4400-4443\"`), subnets are CIDRs, durations carry a unit (`1000ms`, `5s`), booleans are `true`/`false`, and `proxy-await` / `proxy-admin-shutdown` take `enabled`/`disabled`.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        Tags: ["annotations"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var map in LinkerdMetadata.Maps(context.Index))
        {
            if (map.Place is not (MetadataPlace.Namespace or MetadataPlace.PodTemplate))
            {
                continue;
            }

            var portNames = map.Owner is Workload workload && map.Place == MetadataPlace.PodTemplate
                ? workload.Template.Containers.Concat(workload.Template.InitContainers).SelectMany(c => c.Ports).Select(p => p.Name?.Value).OfType<string>().ToHashSet(StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal);
            foreach (var (key, value) in map.Annotations.Entries)
            {
                if (Problem(key.Value, value.Value, portNames) is { } problem)
                {
                    yield return RuleContext.Report(Rule, map.Owner, value.Span, $"{key.Value} value '{value.Value}' on {map.Describe} {problem}.");
                }
            }
        }
    }

    private static string? Problem(string key, string value, IReadOnlySet<string> portNames)
    {
        if (key == LinkerdAnnotations.LogHttpHeaders)
        {
            return value is "insecure" or "off" or "" ? null : "is not insecure or off; the proxy injector cannot render the proxy with it";
        }

        if (!LinkerdAnnotations.PodKeys.TryGetValue(key, out var kind))
        {
            return null;
        }

        switch (kind)
        {
            case LinkerdValueKind.PortList:
            {
                var errors = LinkerdParsing.InjectorPortListErrors(value, null);
                if (!errors.IsEmpty)
                {
                    return $"does not parse ({string.Join(", ", errors.Select(e => $"'{e}'"))} is not a port or an increasing port range); the list is not applied as written";
                }

                return key == LinkerdAnnotations.RequireIdentityPorts && LinkerdParsing.PolicyControllerPortSet(value, out var error) is null
                    ? $"does not parse for the policy controller ({error}), which ignores the whole list"
                    : null;
            }

            case LinkerdValueKind.OpaquePortList:
            {
                var errors = LinkerdParsing.InjectorPortListErrors(value, portNames);
                if (!errors.IsEmpty)
                {
                    return $"does not parse ({string.Join(", ", errors.Select(e => $"'{e}'"))} is not a port, a port range or a container port name); those entries are ignored";
                }

                return LinkerdParsing.PolicyControllerPortSet(value, out var error) is null
                    ? $"is not a list of port numbers and ranges the policy controller can read ({error}); it ignores the whole list, so no inbound port of the pod is opaque"
                    : null;
            }

            case LinkerdValueKind.CidrList:
            {
                var bad = value.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0 && LinkerdParsing.Cidr(s) is null).ToList();
                return bad.Count > 0 ? $"holds {string.Join(", ", bad.Select(b => $"'{b}'"))}, which is not a valid CIDR; proxy-init cannot apply the list" : null;
            }

            case LinkerdValueKind.GoDuration:
                return LinkerdParsing.GoDuration(value) is null ? "is not a duration with a unit (for example 1000ms or 5s); the injector ignores it and keeps the default" : null;
            case LinkerdValueKind.GoBool:
                return value is "1" or "t" or "T" or "TRUE" or "true" or "True" or "0" or "f" or "F" or "FALSE" or "false" or "False"
                    ? null
                    : "is not a boolean (true or false); the injector ignores it and keeps the default";
            case LinkerdValueKind.EnabledDisabled:
                return value is "enabled" or "disabled" ? null : "is not enabled or disabled; the injector ignores it and keeps the default";
            case LinkerdValueKind.Integer:
                return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? null : "is not a whole number; the injector ignores it";
            case LinkerdValueKind.Quantity:
                return Quantity().IsMatch(value) ? null : "is not a Kubernetes quantity (for example 100m or 64Mi); the injector ignores it";
            case LinkerdValueKind.Ratio:
                return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) && ratio is >= 0 and <= 1
                    ? null
                    : "is not a ratio between 0.0 and 1.0; the injector ignores it";
            default:
                return null;
        }
    }

    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?[0-9]+))?$")]
    private static partial Regex Quantity();
}
