using System.Collections.Frozen;

namespace MeshLint.Core.Semantics.Linkerd;

/// <summary>How Linkerd reads an annotation's value (pkg/inject, policy-controller); used to check values.</summary>
public enum LinkerdValueKind
{
    Text,
    PortList,
    OpaquePortList,
    CidrList,
    GoDuration,
    GoBool,
    EnabledDisabled,
    Integer,
    Quantity,
    Ratio,
    InboundPolicy,
    Inject,
}

/// <summary>
/// Linkerd's annotation and label keys (pkg/k8s/labels.go, pkg/inject, the policy controller's outbound index):
/// where each is read and how its value is parsed.
/// </summary>
public static class LinkerdAnnotations
{
    public const string Inject = "linkerd.io/inject";
    public const string ConfigPrefix = "config.linkerd.io/";
    public const string ConfigAlphaPrefix = "config.alpha.linkerd.io/";
    public const string ConfigBetaPrefix = "config.beta.linkerd.io/";
    public const string DefaultInboundPolicy = "config.linkerd.io/default-inbound-policy";
    public const string OpaquePorts = "config.linkerd.io/opaque-ports";
    public const string SkipInboundPorts = "config.linkerd.io/skip-inbound-ports";
    public const string SkipOutboundPorts = "config.linkerd.io/skip-outbound-ports";
    public const string RequireIdentityPorts = "config.linkerd.io/proxy-require-identity-inbound-ports";
    public const string EnableDebugSidecar = "config.linkerd.io/enable-debug-sidecar";
    public const string LogHttpHeaders = "config.linkerd.io/proxy-log-http-headers";
    public const string MirrorExported = "mirror.linkerd.io/exported";
    public const string RetryHttp = "retry.linkerd.io/http";
    public const string RetryGrpc = "retry.linkerd.io/grpc";
    public const string RetryLimit = "retry.linkerd.io/limit";
    public const string RetryTimeout = "retry.linkerd.io/timeout";
    public const string TimeoutRequest = "timeout.linkerd.io/request";
    public const string TimeoutResponse = "timeout.linkerd.io/response";
    public const string TimeoutIdle = "timeout.linkerd.io/idle";
    public const string FailureAccrual = "balancer.linkerd.io/failure-accrual";

    /// <summary>The six default-policy names (policy-controller <c>DefaultPolicy::from_str</c>).</summary>
    public static readonly FrozenSet<string> PolicyNames = new[]
    {
        "all-unauthenticated", "all-authenticated", "cluster-unauthenticated", "cluster-authenticated", "deny", "audit",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Policy names that let clients without a mesh identity in.</summary>
    public static readonly FrozenSet<string> UnauthenticatedPolicyNames = new[]
    {
        "all-unauthenticated", "cluster-unauthenticated", "audit",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Proxy configuration keys the injector reads from a pod, or inherits from its namespace
    /// (<c>inject.ProxyAnnotations</c> + alpha/beta variants), with how each value is parsed.
    /// </summary>
    public static readonly FrozenDictionary<string, LinkerdValueKind> PodKeys = new Dictionary<string, LinkerdValueKind>(StringComparer.Ordinal)
    {
        ["config.linkerd.io/admin-port"] = LinkerdValueKind.Integer,
        ["config.linkerd.io/control-port"] = LinkerdValueKind.Integer,
        ["config.linkerd.io/enable-debug-sidecar"] = LinkerdValueKind.GoBool,
        ["config.linkerd.io/enable-external-profiles"] = LinkerdValueKind.GoBool,
        ["config.linkerd.io/image-pull-policy"] = LinkerdValueKind.Text,
        ["config.linkerd.io/inbound-port"] = LinkerdValueKind.Integer,
        ["config.linkerd.io/outbound-port"] = LinkerdValueKind.Integer,
        ["config.linkerd.io/pod-inbound-ports"] = LinkerdValueKind.Text,
        ["config.linkerd.io/proxy-cpu-limit"] = LinkerdValueKind.Quantity,
        ["config.linkerd.io/proxy-cpu-request"] = LinkerdValueKind.Quantity,
        ["config.linkerd.io/proxy-cpu-ratio-limit"] = LinkerdValueKind.Ratio,
        ["config.linkerd.io/proxy-image"] = LinkerdValueKind.Text,
        ["config.linkerd.io/proxy-admin-shutdown"] = LinkerdValueKind.EnabledDisabled,
        ["config.linkerd.io/proxy-log-format"] = LinkerdValueKind.Text,
        ["config.linkerd.io/proxy-log-level"] = LinkerdValueKind.Text,
        ["config.linkerd.io/proxy-log-http-headers"] = LinkerdValueKind.Text,
        ["config.linkerd.io/proxy-memory-limit"] = LinkerdValueKind.Quantity,
        ["config.linkerd.io/proxy-memory-request"] = LinkerdValueKind.Quantity,
        ["config.linkerd.io/proxy-ephemeral-storage-limit"] = LinkerdValueKind.Quantity,
        ["config.linkerd.io/proxy-ephemeral-storage-request"] = LinkerdValueKind.Quantity,
        ["config.linkerd.io/proxy-uid"] = LinkerdValueKind.Integer,
        ["config.linkerd.io/proxy-gid"] = LinkerdValueKind.Integer,
        ["config.linkerd.io/proxy-version"] = LinkerdValueKind.Text,
        ["config.linkerd.io/proxy-require-identity-inbound-ports"] = LinkerdValueKind.PortList,
        ["config.linkerd.io/skip-inbound-ports"] = LinkerdValueKind.PortList,
        ["config.linkerd.io/opaque-ports"] = LinkerdValueKind.OpaquePortList,
        ["config.linkerd.io/skip-outbound-ports"] = LinkerdValueKind.PortList,
        ["config.linkerd.io/proxy-metrics-hostname-labels"] = LinkerdValueKind.GoBool,
        ["config.linkerd.io/proxy-outbound-connect-timeout"] = LinkerdValueKind.GoDuration,
        ["config.linkerd.io/proxy-inbound-connect-timeout"] = LinkerdValueKind.GoDuration,
        ["config.linkerd.io/proxy-await"] = LinkerdValueKind.EnabledDisabled,
        ["config.linkerd.io/default-inbound-policy"] = LinkerdValueKind.InboundPolicy,
        ["config.linkerd.io/skip-subnets"] = LinkerdValueKind.CidrList,
        ["config.linkerd.io/access-log"] = LinkerdValueKind.Text,
        ["config.linkerd.io/shutdown-grace-period"] = LinkerdValueKind.GoDuration,
        ["config.linkerd.io/proxy-outbound-discovery-cache-unused-timeout"] = LinkerdValueKind.GoDuration,
        ["config.linkerd.io/proxy-inbound-discovery-cache-unused-timeout"] = LinkerdValueKind.GoDuration,
        ["config.linkerd.io/proxy-disable-outbound-protocol-detect-timeout"] = LinkerdValueKind.GoBool,
        ["config.linkerd.io/proxy-disable-inbound-protocol-detect-timeout"] = LinkerdValueKind.GoBool,
        ["config.linkerd.io/proxy-enable-native-sidecar"] = LinkerdValueKind.GoBool,
        ["config.linkerd.io/proxy-additional-env"] = LinkerdValueKind.Text,
        ["config.alpha.linkerd.io/proxy-wait-before-exit-seconds"] = LinkerdValueKind.Integer,
        ["config.alpha.linkerd.io/proxy-enable-native-sidecar"] = LinkerdValueKind.GoBool,
        ["config.beta.linkerd.io/proxy-enable-native-sidecar"] = LinkerdValueKind.GoBool,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Pod keys the injector reads from the pod only, never inherited from the namespace.</summary>
    public static readonly FrozenSet<string> PodOnlyKeys = new[]
    {
        "config.linkerd.io/debug-image", "config.linkerd.io/debug-image-version", "config.linkerd.io/debug-image-pull-policy",
        "config.linkerd.io/enable-gateway", "config.linkerd.io/close-wait-timeout",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Keys read from Services and from routes whose parent is a Service (outbound policy).</summary>
    public static readonly FrozenSet<string> RouteKeys = new[]
    {
        RetryHttp, RetryGrpc, RetryLimit, RetryTimeout, TimeoutRequest, TimeoutResponse, TimeoutIdle,
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Service-only balancer keys (circuit breaking and load biasing).</summary>
    public static readonly FrozenSet<string> BalancerKeys = new[]
    {
        FailureAccrual,
        "balancer.linkerd.io/failure-accrual-consecutive-max-failures",
        "balancer.linkerd.io/failure-accrual-consecutive-min-penalty",
        "balancer.linkerd.io/failure-accrual-consecutive-max-penalty",
        "balancer.linkerd.io/failure-accrual-consecutive-jitter-ratio",
        "balancer.alpha.linkerd.io/failure-accrual-honor-retry-after",
        "balancer.alpha.linkerd.io/failure-accrual-success-rate-threshold",
        "balancer.alpha.linkerd.io/failure-accrual-success-rate-window",
        "balancer.alpha.linkerd.io/failure-accrual-success-rate-min-requests",
        "balancer.alpha.linkerd.io/penalize-failures",
        "balancer.alpha.linkerd.io/load-biaser-penalty",
        "balancer.alpha.linkerd.io/load-biaser-max-retry-after",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Prefixes whose every key Linkerd defines; a key under them that Linkerd does not know is a typo.</summary>
    public static readonly string[] OwnedPrefixes =
    [
        ConfigPrefix, ConfigAlphaPrefix, ConfigBetaPrefix, "retry.linkerd.io/", "timeout.linkerd.io/", "balancer.linkerd.io/", "balancer.alpha.linkerd.io/",
    ];

    /// <summary>Every key Linkerd reads under <see cref="OwnedPrefixes"/>.</summary>
    public static readonly FrozenSet<string> KnownKeys = PodKeys.Keys
        .Concat(PodOnlyKeys)
        .Concat(RouteKeys)
        .Concat(BalancerKeys)
        .ToFrozenSet(StringComparer.Ordinal);

    public static bool IsOwned(string key) => OwnedPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Keys that belong in annotations and do nothing as labels (linkerd check's label checks).</summary>
    public static bool IsAnnotationOnly(string key) =>
        key == Inject || key.StartsWith(ConfigPrefix, StringComparison.Ordinal) || key.StartsWith(ConfigAlphaPrefix, StringComparison.Ordinal);

    /// <summary>The known key closest to <paramref name="key"/> (edit distance at most 3), for "did you mean".</summary>
    public static string? Closest(string key)
    {
        string? best = null;
        var bestDistance = 4;
        foreach (var known in KnownKeys.Order(StringComparer.Ordinal))
        {
            var distance = Distance(key, known);
            if (distance < bestDistance)
            {
                best = known;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
