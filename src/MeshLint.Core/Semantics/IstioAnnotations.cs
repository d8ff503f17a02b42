using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics;

/// <summary>Feature stage Istio gives an annotation in its reference (Istio treats an annotation with no stage as alpha).</summary>
public enum AnnotationStage
{
    Alpha,
    Beta,
    Stable,
}

/// <summary>One documented Istio annotation: where Istio reads it (<c>Any</c> for every kind), its stage, whether it is deprecated.</summary>
public sealed record IstioAnnotation(string Name, AnnotationStage Stage, bool Deprecated, IReadOnlyList<string> Resources)
{
    public bool AppliesToAnyKind => Resources.Contains("Any");
}

/// <summary>
/// A set of annotations Istio reads as belonging to one kind of object: a Namespace's, a Service's, a workload's own
/// metadata (read as its kind), or a workload's pod template (read as a Pod).
/// </summary>
public sealed record AnnotationSite(MeshObject Owner, string ReadAs, LabelSet Annotations, LabelSet Labels, bool HasIstioInit)
{
    /// <summary>How messages name the site: <c>Deployment shop/orders</c> or <c>the pod template of Deployment shop/orders</c>.</summary>
    public string Description => Owner.Kind != ReadAs ? $"the pod template of {Describe(Owner)}" : Describe(Owner);

    public static string Describe(MeshObject obj) => obj.Namespace is null ? $"{obj.Kind} {obj.Name}" : $"{obj.Kind} {obj.Namespace}/{obj.Name}";
}

/// <summary>
/// Istio's resource annotations as its reference documents them (istio/api annotation/annotations.yaml, the table
/// behind istio.io/latest/docs/reference/config/annotations), and the values the sidecar injector accepts for them.
/// The one place MeshLint keeps these facts: the annotation rules ML1605-ML1609 read them from here.
/// </summary>
public static class IstioAnnotations
{
    public const string InterceptionMode = "sidecar.istio.io/interceptionMode";
    public const string IncludeInboundPorts = "traffic.sidecar.istio.io/includeInboundPorts";
    public const string ExcludeInboundPorts = "traffic.sidecar.istio.io/excludeInboundPorts";
    public const string IncludeOutboundIPRanges = "traffic.sidecar.istio.io/includeOutboundIPRanges";
    public const string ExcludeOutboundIPRanges = "traffic.sidecar.istio.io/excludeOutboundIPRanges";
    public const string ExcludeOutboundPorts = "traffic.sidecar.istio.io/excludeOutboundPorts";

    private static readonly IstioAnnotation[] Table =
    [
        new("prometheus.istio.io/merge-metrics", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("alpha.istio.io/kubernetes-serviceaccounts", AnnotationStage.Alpha, Deprecated: true, ["Service"]),
        new("alpha.istio.io/canonical-serviceaccounts", AnnotationStage.Alpha, Deprecated: true, ["Service"]),
        new("networking.istio.io/exportTo", AnnotationStage.Alpha, Deprecated: false, ["Service"]),
        new("sidecar.istio.io/inject", AnnotationStage.Beta, Deprecated: true, ["Pod"]),
        new("sidecar.istio.io/status", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("sidecar.istio.io/rewriteAppHTTPProbers", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("sidecar.istio.io/discoveryAddress", AnnotationStage.Alpha, Deprecated: true, ["Pod"]),
        new("sidecar.istio.io/proxyImage", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("sidecar.istio.io/proxyImageType", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("sidecar.istio.io/proxyCPU", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("sidecar.istio.io/proxyCPULimit", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("sidecar.istio.io/proxyMemory", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("sidecar.istio.io/proxyMemoryLimit", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("sidecar.istio.io/interceptionMode", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("sidecar.istio.io/bootstrapOverride", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("sidecar.istio.io/statsInclusionPrefixes", AnnotationStage.Alpha, Deprecated: true, ["Pod"]),
        new("sidecar.istio.io/statsInclusionSuffixes", AnnotationStage.Alpha, Deprecated: true, ["Pod"]),
        new("sidecar.istio.io/statsInclusionRegexps", AnnotationStage.Alpha, Deprecated: true, ["Pod"]),
        new("sidecar.istio.io/statsHistogramBuckets", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("sidecar.istio.io/statsFlushInterval", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("sidecar.istio.io/statsEvictionInterval", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("sidecar.istio.io/statsHistogramBins", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("sidecar.istio.io/userVolume", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("sidecar.istio.io/userVolumeMount", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("status.sidecar.istio.io/port", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("sidecar.istio.io/logLevel", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("sidecar.istio.io/componentLogLevel", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("sidecar.istio.io/agentLogLevel", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("sidecar.istio.io/nativeSidecar", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("readiness.status.sidecar.istio.io/initialDelaySeconds", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("readiness.status.sidecar.istio.io/periodSeconds", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("readiness.status.sidecar.istio.io/failureThreshold", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("readiness.status.sidecar.istio.io/applicationPorts", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("traffic.istio.io/nodeSelector", AnnotationStage.Stable, Deprecated: false, ["Service"]),
        new("traffic.sidecar.istio.io/includeOutboundIPRanges", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("traffic.sidecar.istio.io/excludeOutboundIPRanges", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("traffic.sidecar.istio.io/includeInboundPorts", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("traffic.sidecar.istio.io/excludeInboundPorts", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("traffic.sidecar.istio.io/excludeInterfaces", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("traffic.sidecar.istio.io/includeOutboundPorts", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("traffic.sidecar.istio.io/excludeOutboundPorts", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("traffic.sidecar.istio.io/kubevirtInterfaces", AnnotationStage.Alpha, Deprecated: true, ["Pod"]),
        new("kubernetes.io/ingress.class", AnnotationStage.Stable, Deprecated: false, ["Ingress"]),
        new("galley.istio.io/analyze-suppress", AnnotationStage.Alpha, Deprecated: false, ["Any"]),
        new("proxy.istio.io/config", AnnotationStage.Beta, Deprecated: false, ["Pod"]),
        new("istio.io/dry-run", AnnotationStage.Alpha, Deprecated: false, ["AuthorizationPolicy"]),
        new("istio.io/rev", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("proxy.istio.io/overrides", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("inject.istio.io/templates", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("sidecar.istio.io/extraStatTags", AnnotationStage.Alpha, Deprecated: true, ["Pod"]),
        new("istio.io/autoRegistrationGroup", AnnotationStage.Alpha, Deprecated: false, ["WorkloadEntry"]),
        new("istio.io/workloadController", AnnotationStage.Alpha, Deprecated: false, ["WorkloadEntry"]),
        new("istio.io/connectedAt", AnnotationStage.Alpha, Deprecated: false, ["WorkloadEntry"]),
        new("istio.io/disconnectedAt", AnnotationStage.Alpha, Deprecated: false, ["WorkloadEntry"]),
        new("topology.istio.io/controlPlaneClusters", AnnotationStage.Alpha, Deprecated: false, ["Namespace"]),
        new("gateway.istio.io/controller-version", AnnotationStage.Alpha, Deprecated: false, ["Any"]),
        new("ambient.istio.io/redirection", AnnotationStage.Beta, Deprecated: false, ["Pod"]),
        new("ambient.istio.io/waypoint-inbound-binding", AnnotationStage.Alpha, Deprecated: false, ["GatewayClass", "Gateway"]),
        new("gateway.istio.io/service-account", AnnotationStage.Alpha, Deprecated: false, ["Gateway"]),
        new("gateway.istio.io/name-override", AnnotationStage.Alpha, Deprecated: false, ["Gateway"]),
        new("networking.istio.io/service-type", AnnotationStage.Alpha, Deprecated: false, ["Gateway"]),
        new("networking.istio.io/traffic-distribution", AnnotationStage.Alpha, Deprecated: false, ["Namespace", "Service", "ServiceEntry"]),
        new("istio.io/use-waypoint-canary-weight", AnnotationStage.Alpha, Deprecated: false, ["Service", "ServiceEntry", "Namespace"]),
        new("ambient.istio.io/bypass-inbound-capture", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("istio.io/reroute-virtual-interfaces", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("ambient.istio.io/dns-capture", AnnotationStage.Alpha, Deprecated: false, ["Pod"]),
        new("sidecar.istio.io/statsCompression", AnnotationStage.Alpha, Deprecated: true, ["Pod"]),
    ];

    public static FrozenDictionary<string, IstioAnnotation> Known { get; } =
        Table.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);

    /// <summary>Set by istiod, the injector or the gateway controller themselves: never judged for their stage or as unknown.</summary>
    public static FrozenSet<string> SetByIstio { get; } =
        new[] { "sidecar.istio.io/status", "gateway.istio.io/controller-version", "istio.io/rev" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Capture annotations Istio's alpha check skips on pods without an <c>istio-init</c> container (the CNI case, and
    /// every pod template in a repository, since the init container only appears at injection).
    /// </summary>
    public static FrozenSet<string> CaptureAnnotations { get; } =
        new[] { InterceptionMode, IncludeInboundPorts, ExcludeInboundPorts, IncludeOutboundIPRanges }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// True for keys in Istio's annotation namespace, as istioctl analyze decides it: a prefix ending in <c>istio.io</c>,
    /// plus the Kubernetes <c>kubernetes.io/ingress.class</c> annotation that Istio documents.
    /// </summary>
    public static bool IsIstioKey(string key)
    {
        if (key == "kubernetes.io/ingress.class")
        {
            return true;
        }

        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && key.AsSpan(0, slash).EndsWith("istio.io", StringComparison.Ordinal);
    }

    public static IstioAnnotation? Find(string key) => Known.GetValueOrDefault(key);

    /// <summary>
    /// The reason the injector rejects <paramref name="value"/> for annotation <paramref name="key"/>, or null when the
    /// value is valid or the annotation has no validation (the injector's own list, pkg/kube/inject/validate.go;
    /// <c>proxy.istio.io/config</c> is a YAML document and is not checked here).
    /// </summary>
    public static string? Invalid(string key, string value) => key switch
    {
        InterceptionMode => value is "REDIRECT" or "TPROXY" or "NONE" ? null : "the interception mode must be REDIRECT, TPROXY or NONE",
        "status.sidecar.istio.io/port" => IsPort(value) ? null : "it is not a port number",
        "readiness.status.sidecar.istio.io/initialDelaySeconds" or
        "readiness.status.sidecar.istio.io/periodSeconds" or
        "readiness.status.sidecar.istio.io/failureThreshold" =>
            uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? null : "it is not a non-negative 32-bit integer",
        IncludeOutboundIPRanges => value == "*" ? null : InvalidCidrList(value),
        ExcludeOutboundIPRanges => InvalidCidrList(value),
        IncludeInboundPorts => value == "*" ? null : InvalidPortList(value),
        ExcludeInboundPorts or ExcludeOutboundPorts => InvalidPortList(value),
        "traffic.sidecar.istio.io/excludeInterfaces" or
        "traffic.sidecar.istio.io/kubevirtInterfaces" or
        "istio.io/reroute-virtual-interfaces" => InvalidInterfaceList(value),
        "prometheus.istio.io/merge-metrics" => IsGoBool(value) ? null : "it is not a boolean",
        "sidecar.istio.io/proxyCPU" or
        "sidecar.istio.io/proxyMemory" or
        "sidecar.istio.io/proxyCPULimit" or
        "sidecar.istio.io/proxyMemoryLimit" => IsQuantity(value) ? null : "it is not a Kubernetes resource quantity (such as 100m or 128Mi)",
        _ => null,
    };

    /// <summary>A comma-separated port list (empty allowed) as the injector parses it: each item a 16-bit number.</summary>
    public static IReadOnlyList<int>? ParsePorts(string value)
    {
        var trimmed = value.Trim();
        var ports = new List<int>();
        if (trimmed.Length == 0)
        {
            return ports;
        }

        foreach (var item in trimmed.Split(','))
        {
            if (!ushort.TryParse(item.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                return null;
            }

            ports.Add(port);
        }

        return ports;
    }

    private static bool IsPort(string value) => ushort.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private static string? InvalidPortList(string value) =>
        ParsePorts(value) is null ? $"'{value}' is not a comma-separated list of port numbers" : null;

    private static string? InvalidCidrList(string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        foreach (var cidr in value.Split(','))
        {
            // Go's netip.ParsePrefix: address/bits, no spaces, no bare address.
            var slash = cidr.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || !IPAddress.TryParse(cidr[..slash], out var address) || cidr[..slash].Contains(' ', StringComparison.Ordinal)
                || !int.TryParse(cidr[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
                || bits > (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32))
            {
                return $"'{cidr}' is not a CIDR range";
            }
        }

        return null;
    }

    private static string? InvalidInterfaceList(string value)
    {
        foreach (var name in value.Split(','))
        {
            if (name.Length is 0 or > 15 || name is "." or ".." || name.Any(c => c == '/' || c == ':' || char.IsWhiteSpace(c)))
            {
                return $"'{name}' is not a network interface name";
            }
        }

        return null;
    }

    // Go's strconv.ParseBool.
    private static bool IsGoBool(string value) =>
        value is "1" or "t" or "T" or "TRUE" or "true" or "True" or "0" or "f" or "F" or "FALSE" or "false" or "False";

    // Kubernetes resource.Quantity: a signed decimal number with an optional binary (Ki..Ei), decimal (n, u, m, k, M..E)
    // or exponent (e3, E-2) suffix.
    private static bool IsQuantity(string value)
    {
        var i = 0;
        if (i < value.Length && value[i] is '+' or '-')
        {
            i++;
        }

        var digits = 0;
        while (i < value.Length && char.IsAsciiDigit(value[i]))
        {
            i++;
            digits++;
        }

        if (i < value.Length && value[i] == '.')
        {
            i++;
            while (i < value.Length && char.IsAsciiDigit(value[i]))
            {
                i++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        var suffix = value[i..];
        if (suffix is "" or "Ki" or "Mi" or "Gi" or "Ti" or "Pi" or "Ei" or "n" or "u" or "m" or "k" or "M" or "G" or "T" or "P" or "E")
        {
            return true;
        }

        if (suffix.Length >= 2 && suffix[0] is 'e' or 'E')
        {
            var exponent = suffix[1..];
            if (exponent[0] is '+' or '-')
            {
                exponent = exponent[1..];
            }

            return exponent.Length > 0 && exponent.All(char.IsAsciiDigit);
        }

        return false;
    }

    /// <summary>
    /// Every place in the input where Istio reads annotations: Namespaces, Services, workloads' own metadata and their
    /// pod templates (istioctl analyze reads Namespaces, Services, Pods and Deployments; a template is what becomes a Pod).
    /// </summary>
    public static IEnumerable<AnnotationSite> Sites(MeshIndex index)
    {
        foreach (var obj in index.Objects)
        {
            switch (obj)
            {
                case Namespace or Service:
                    yield return new AnnotationSite(obj, obj.Kind, obj.Annotations, obj.Labels, false);
                    break;
                case Workload workload:
                    var hasInit = workload.Template.InitContainers.Any(c => c.Name?.Value == "istio-init");
                    if (workload.Kind == "Pod")
                    {
                        yield return new AnnotationSite(obj, "Pod", obj.Annotations, obj.Labels, hasInit);
                        break;
                    }

                    yield return new AnnotationSite(obj, obj.Kind, obj.Annotations, obj.Labels, false);
                    yield return new AnnotationSite(obj, "Pod", workload.Template.Annotations, workload.Template.Labels, hasInit);
                    break;
            }
        }
    }
}
