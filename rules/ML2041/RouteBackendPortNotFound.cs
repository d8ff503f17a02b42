using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class RouteBackendPortNotFound : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2041",
        Name: "RouteBackendPortNotFound",
        Mesh: Mesh.Linkerd,
        Category: Category.Routing,
        Title: "Route backend does not resolve to a Service port",
        Description: "A route's `backendRefs` must name a port its Service exposes, and an SMI TrafficSplit's backends must name existing Services. Otherwise Linkerd fails that share of the requests (status `BackendNotFound`, HTTP 500). Backends naming a Service that does not exist at all are reported by the Gateway API rules; this rule adds the port check and TrafficSplit backends, and only reports TrafficSplits in namespaces whose Services are in the scanned files. Routes attached only to Gateways belong to that gateway's implementation and are left to the Gateway API rules, and a TrafficSplit backend of weight 0 receives no requests.",
        Remediation: "Point the backend at one of the Service's ports (the `port`, not the `targetPort`), and TrafficSplit backends at existing Services.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "TrafficSplit", "Service", "Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        ClosedWorld: true,
        IncompleteSeverity: Severity.Note,
        Tags: ["routing"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var route in index.OfType<GatewayApiRoute>())
        {
            // A route whose parents are all Gateways belongs to that gateway's implementation (Istio, Consul, ...).
            if (!LinkerdPolicy.IsLinkerdRoute(route) || LinkerdAdmission.RouteProblems(route).Count > 0)
            {
                continue;
            }

            foreach (var backend in route.Rules.SelectMany(r => r.BackendRefs))
            {
                if (!LinkerdRoutes.IsServiceBackend(backend) || backend.Port is not { } port || backend.Name.Value is not { } name)
                {
                    continue;
                }

                var ns = backend.Namespace?.Value ?? route.Namespace ?? "default";
                if (index.Find<Service>("Service", ns, name) is { } service && !service.Ports.Any(p => p.Port?.Value == port.Value))
                {
                    var ports = string.Join(", ", service.Ports.Select(p => p.Port?.Value).OfType<long>());
                    yield return RuleContext.Report(Rule, route, port.Span,
                        $"{route.Kind} {route.Name} sends traffic to port {port.Value} of Service {name}, which exposes {(ports.Length == 0 ? "no ports" : $"port(s) {ports}")}; that share of requests fails.");
                }
            }
        }

        foreach (var split in index.OfType<TrafficSplit>())
        {
            var ns = split.Namespace ?? "default";
            var services = index.InNamespace<Service>(ns).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            if (services.Count == 0 && !context.Settings.Complete)
            {
                continue;
            }

            foreach (var backend in split.Backends)
            {
                if (backend.Service is { } name && !services.Contains(name.Value) && !IsZero(backend.Weight) && !ClosedWorld.IsExternal(context.Settings, ns, name.Value))
                {
                    yield return context.ReportMissing(Rule, split, name.Span,
                        $"TrafficSplit {split.Name} sends traffic to Service {name.Value}, which was not found in namespace {ns} among the {services.Count} Service(s) in the scanned files; that share of requests fails.");
                }
            }
        }
    }

    /// <summary>A backend of weight 0 (<c>0</c>, <c>0m</c>) receives no requests, so a missing Service there fails none.</summary>
    private static bool IsZero(Core.Model.Located<string>? weight) =>
        weight is { } w && w.Value.TrimEnd('m').Trim() is { Length: > 0 } digits && digits.All(c => c is '0' or '.');
}
