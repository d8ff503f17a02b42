using System.Collections.Immutable;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class IstioUnknownEnumValue : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1800",
        Name: "IstioUnknownEnumValue",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "Istio field has an unknown value",
        Description: "Many Istio fields take one of a fixed set of names: TLS modes, load balancers, server and port protocols, ServiceEntry resolution and location, outbound traffic policy modes, mTLS modes, authorization actions, EnvoyFilter targets and operations, Telemetry match modes, WasmPlugin phases. A value outside the set is a schema error: the API server rejects the object at apply time, or, where validation is bypassed, Istio drops the setting. Enum names are case-sensitive; protocols are not.",
        Remediation: "Use one of the values the message lists.",
        DefaultSeverity: Severity.Error,
        Inputs: ["DestinationRule", "Gateway", "ServiceEntry", "Sidecar", "PeerAuthentication", "AuthorizationPolicy", "EnvoyFilter", "Telemetry", "WasmPlugin"],
        Equivalents: ["IST0106"],
        Tags: ["schema"]);

    public RuleDescriptor Descriptor => Rule;

    private const string Networking = "networking.istio.io";

    private static readonly string[] Protocols = ["HTTP", "HTTP_PROXY", "HTTPS", "GRPC", "GRPC-WEB", "HTTP2", "MONGO", "MYSQL", "REDIS", "TCP", "TLS", "UDP"];
    private static readonly string[] LoadBalancers = ["UNSPECIFIED", "RANDOM", "PASSTHROUGH", "ROUND_ROBIN", "LEAST_REQUEST", "LEAST_CONN"];
    private static readonly string[] ClientTlsModes = ["DISABLE", "SIMPLE", "MUTUAL", "ISTIO_MUTUAL"];
    private static readonly string[] H2Upgrade = ["DEFAULT", "DO_NOT_UPGRADE", "UPGRADE"];
    private static readonly string[] TlsVersions = ["TLS_AUTO", "TLSV1_0", "TLSV1_1", "TLSV1_2", "TLSV1_3"];
    private static readonly string[] CaptureModes = ["DEFAULT", "IPTABLES", "NONE"];
    private static readonly string[] MatchModes = ["CLIENT_AND_SERVER", "CLIENT", "SERVER"];

    private sealed record EnumField(string Path, string[] Values, bool IgnoreCase = false);

    private static readonly ImmutableDictionary<(string Group, string Kind), EnumField[]> Fields = new Dictionary<(string, string), EnumField[]>
    {
        [(Networking, "DestinationRule")] = TrafficPolicyFields("spec.trafficPolicy")
            .Concat(TrafficPolicyFields("spec.subsets[].trafficPolicy")).ToArray(),
        [(Networking, "Gateway")] =
        [
            new("spec.servers[].port.protocol", Protocols, IgnoreCase: true),
            new("spec.servers[].tls.mode", ["PASSTHROUGH", "SIMPLE", "MUTUAL", "AUTO_PASSTHROUGH", "ISTIO_MUTUAL", "OPTIONAL_MUTUAL"]),
            new("spec.servers[].tls.minProtocolVersion", TlsVersions),
            new("spec.servers[].tls.maxProtocolVersion", TlsVersions),
        ],
        [(Networking, "ServiceEntry")] =
        [
            new("spec.location", ["MESH_EXTERNAL", "MESH_INTERNAL"]),
            new("spec.resolution", ["NONE", "STATIC", "DNS", "DNS_ROUND_ROBIN", "DYNAMIC_DNS"]),
            new("spec.ports[].protocol", Protocols, IgnoreCase: true),
        ],
        [(Networking, "Sidecar")] =
        [
            new("spec.outboundTrafficPolicy.mode", ["REGISTRY_ONLY", "ALLOW_ANY"]),
            new("spec.egress[].captureMode", CaptureModes),
            new("spec.ingress[].captureMode", CaptureModes),
            new("spec.ingress[].port.protocol", Protocols, IgnoreCase: true),
            new("spec.egress[].port.protocol", Protocols, IgnoreCase: true),
        ],
        [(Networking, "EnvoyFilter")] =
        [
            new("spec.configPatches[].applyTo", ["INVALID", "LISTENER", "FILTER_CHAIN", "NETWORK_FILTER", "HTTP_FILTER", "ROUTE_CONFIGURATION", "VIRTUAL_HOST", "HTTP_ROUTE", "CLUSTER", "EXTENSION_CONFIG", "BOOTSTRAP", "LISTENER_FILTER"]),
            new("spec.configPatches[].patch.operation", ["INVALID", "MERGE", "ADD", "REMOVE", "INSERT_BEFORE", "INSERT_AFTER", "INSERT_FIRST", "REPLACE"]),
            new("spec.configPatches[].patch.filterClass", ["UNSPECIFIED", "AUTHN", "AUTHZ", "STATS"]),
            new("spec.configPatches[].match.context", ["ANY", "SIDECAR_INBOUND", "SIDECAR_OUTBOUND", "GATEWAY"]),
        ],
        [("security.istio.io", "PeerAuthentication")] =
        [
            new("spec.mtls.mode", ["UNSET", "DISABLE", "PERMISSIVE", "STRICT"]),
            new("spec.portLevelMtls.*.mode", ["UNSET", "DISABLE", "PERMISSIVE", "STRICT"]),
        ],
        [("security.istio.io", "AuthorizationPolicy")] = [new("spec.action", ["ALLOW", "DENY", "AUDIT", "CUSTOM"])],
        [("telemetry.istio.io", "Telemetry")] =
        [
            new("spec.accessLogging[].match.mode", MatchModes),
            new("spec.tracing[].match.mode", MatchModes),
            new("spec.metrics[].overrides[].match.mode", MatchModes),
        ],
        [("extensions.istio.io", "WasmPlugin")] =
        [
            new("spec.phase", ["UNSPECIFIED_PHASE", "AUTHN", "AUTHZ", "STATS"]),
            new("spec.type", ["UNSPECIFIED_PLUGIN_TYPE", "HTTP", "NETWORK"]),
            new("spec.failStrategy", ["FAIL_CLOSE", "FAIL_OPEN", "FAIL_RELOAD"]),
            new("spec.imagePullPolicy", ["UNSPECIFIED_POLICY", "IfNotPresent", "Always"]),
        ],
    }.ToImmutableDictionary();

    private static IEnumerable<EnumField> TrafficPolicyFields(string prefix)
    {
        foreach (var scope in new[] { prefix, prefix + ".portLevelSettings[]" })
        {
            yield return new($"{scope}.loadBalancer.simple", LoadBalancers);
            yield return new($"{scope}.tls.mode", ClientTlsModes);
            yield return new($"{scope}.connectionPool.http.h2UpgradePolicy", H2Upgrade);
        }
    }

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var obj in context.Index.Objects)
        {
            if (!Fields.TryGetValue((obj.Header.Group, obj.Kind), out var fields))
            {
                continue;
            }

            foreach (var field in fields)
            {
                foreach (var hit in NodePaths.Select(obj.Root, field.Path))
                {
                    // Numbers and other types are ML9002's (wrong type); only names are judged here.
                    if (hit.Value is not ScalarNode { IsNull: false, IsNumber: false } scalar)
                    {
                        continue;
                    }

                    var comparison = field.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                    if (field.Values.Any(v => string.Equals(v, scalar.Value, comparison)))
                    {
                        continue;
                    }

                    yield return RuleContext.Report(Rule, obj, scalar.Span,
                        $"{obj.Kind} {obj.Name}: {NodePaths.Display(field.Path)} \"{scalar.Value}\" is not one of {string.Join(", ", field.Values)}.");
                }
            }
        }
    }
}
