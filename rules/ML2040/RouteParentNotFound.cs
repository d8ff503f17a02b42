using MeshLint.Core.Model;
using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class RouteParentNotFound : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2040",
        Name: "RouteParentNotFound",
        Mesh: Mesh.Linkerd,
        Category: Category.Routing,
        Title: "Route parent does not exist",
        Description: "An HTTPRoute or GRPCRoute attaches to the parents it names: a `Server` in its own namespace (inbound policy), or a `Service` port or `EgressNetwork` (outbound). When the parent or the Service port does not exist, the route never attaches (status `NoMatchingParent`), so its authorizations, routing, retries and timeouts do nothing. The rule compares against the scanned files and only reports namespaces where objects of the parent's kind are present.",
        Remediation: "Name an existing Server, Service or EgressNetwork, and for a Service parent a `port` the Service exposes.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "Server", "Service", "EgressNetwork", "Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        ClosedWorld: true,
        IncompleteSeverity: Severity.Note,
        Tags: ["routing"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var complete = context.Settings.Complete;
        foreach (var route in index.OfType<GatewayApiRoute>())
        {
            if (LinkerdAdmission.RouteProblems(route).Count > 0)
            {
                continue;
            }

            foreach (var parent in route.ParentRefs)
            {
                var ns = parent.Namespace?.Value ?? route.Namespace ?? "default";
                var name = parent.Name.Value ?? string.Empty;
                var external = ClosedWorld.IsExternal(context.Settings, ns, name);
                if (LinkerdPolicy.IsServerParent(parent))
                {
                    var servers = index.InNamespace<Server>(ns).Select(s => s.Name).ToList();
                    if (!servers.Contains(name) && (servers.Count > 0 || complete) && !external)
                    {
                        yield return context.ReportMissing(Rule, route, parent.Name.Span, $"{route.Kind} {route.Name} attaches to Server {name}, but no Server of that name was found in namespace {ns} among the {servers.Count} in the scanned files ({Names(servers)}); the route never attaches.");
                    }
                }
                else if (LinkerdPolicy.IsServiceParent(parent))
                {
                    var services = index.InNamespace<Service>(ns).ToList();
                    var service = services.FirstOrDefault(s => s.Name == name);
                    if (service is null)
                    {
                        if ((services.Count > 0 || complete) && !external)
                        {
                            yield return context.ReportMissing(Rule, route, parent.Name.Span, $"{route.Kind} {route.Name} attaches to Service {name}, but no Service of that name was found in namespace {ns} among the {services.Count} in the scanned files ({Names(services.Select(s => s.Name))}); the route never attaches.");
                        }
                    }
                    else if (parent.Port is { } port && !service.Ports.Any(p => p.Port?.Value == port.Value))
                    {
                        var ports = string.Join(", ", service.Ports.Select(p => p.Port?.Value).OfType<long>());
                        yield return RuleContext.Report(Rule, route, port.Span, $"{route.Kind} {route.Name} attaches to port {port.Value} of Service {name}, which exposes {(ports.Length == 0 ? "no ports" : $"port(s) {ports}")}; the route never attaches.");
                    }
                }
                else if (LinkerdPolicy.IsEgressNetworkParent(parent))
                {
                    var networks = index.InNamespace<EgressNetwork>(ns).Select(e => e.Name).ToList();
                    if (!networks.Contains(name) && (networks.Count > 0 || complete) && !external)
                    {
                        yield return context.ReportMissing(Rule, route, parent.Name.Span, $"{route.Kind} {route.Name} attaches to EgressNetwork {name}, but no EgressNetwork of that name was found in namespace {ns} among the {networks.Count} in the scanned files; the route never attaches.");
                    }
                }
            }
        }
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list.Take(5)) + (list.Count > 5 ? ", ..." : string.Empty);
    }
}
