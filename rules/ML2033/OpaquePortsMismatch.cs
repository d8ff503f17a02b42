using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class OpaquePortsMismatch : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2033",
        Name: "OpaquePortsMismatch",
        Mesh: Mesh.Linkerd,
        Category: Category.Routing,
        Title: "Service and pods disagree on opaque ports",
        Description: "Clients decide how to proxy a connection from the Service (`config.linkerd.io/opaque-ports` or `appProtocol`), the server's proxy from the pod's own `opaque-ports`. When one side treats a port as opaque and the other runs protocol detection, connections stall for the 10-second detection timeout or HTTP requests fail with \"no route found\". `linkerd check --proxy` reports this on a live cluster (\"opaque ports are properly annotated\"). The comparison uses Linkerd's effective values: the annotation, else the namespace's, else the default list (`proxy.opaquePorts`).",
        Remediation: "Declare the same ports as opaque on the Service (by service port, or with `appProtocol: linkerd.io/opaque`) and on the pods (by container port), or on neither.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "HelmValues", "HelmRelease"],
        Tags: ["protocol"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var policy = LinkerdPolicy.Of(index);
        foreach (var service in index.OfType<Service>())
        {
            if (service.Root["spec"] is MappingNode spec && spec["clusterIP"] is ScalarNode { Value: "None" })
            {
                continue; // headless: clients reach pods directly, as linkerd check skips them too
            }

            var workloads = Selected(index, service);
            var (serviceList, serviceAnnotation) = ServiceOpaquePorts(service, index);
            var servicePorts = LinkerdParsing.PortsOf(serviceList);
            foreach (var port in service.Ports)
            {
                if (port.Port?.Value is not { } number)
                {
                    continue;
                }

                // appProtocol marks a port opaque for clients (and meshed servers get the opaque transport header),
                // so only the annotation-driven mismatch linkerd check reports is one; appProtocol only excuses.
                var annotatedOpaque = servicePorts.Contains((int)number);
                var appOpaque = port.AppProtocol is { } app && app.Value is not ("http" or "kubernetes.io/h2c");
                var serviceOpaque = annotatedOpaque || appOpaque;
                foreach (var workload in workloads)
                {
                    if (LinkerdPorts.TargetPort(port, workload.Template) is not { } target || !Declares(workload, target))
                    {
                        continue;
                    }

                    var (podOpaque, podSource, podSpan, podOwner) = PodOpaque(workload, target, index, policy);
                    if (serviceOpaque == podOpaque || (serviceOpaque && !annotatedOpaque))
                    {
                        continue;
                    }

                    if (serviceOpaque)
                    {
                        var at = serviceAnnotation?.Span ?? port.Span;
                        yield return RuleContext.Report(Rule, service, at,
                            $"Service {service.Name} treats port {number} as opaque, but {workload.Kind} {workload.Name} runs protocol detection on target port {target} ({podSource}).");
                    }
                    else
                    {
                        yield return RuleContext.Report(Rule, podOwner, podSpan,
                            $"{workload.Kind} {workload.Name} treats port {target} as opaque ({podSource}), but Service {service.Name} sends to it from port {number} with protocol detection.");
                    }
                }
            }
        }
    }

    private static List<Workload> Selected(MeshIndex index, Service service) =>
        service.Selector is { IsEmpty: false } selector
            ? index.WorkloadsSelectedBy(service.Namespace ?? "default", selector).Where(w => LinkerdInjection.Resolve(w, index).IsMeshed).ToList()
            : [];

    private static bool Declares(Workload workload, int port) =>
        workload.Template.Containers.Concat(workload.Template.InitContainers).SelectMany(c => c.Ports).Any(p => p.Port?.Value == port);

    /// <summary>A Service's opaque ports: its annotation, its namespace's, else the default list (by port or numeric targetPort).</summary>
    private static (string List, Located<string>? Annotation) ServiceOpaquePorts(Service service, MeshIndex index)
    {
        if (service.Annotations.TryGet(LinkerdAnnotations.OpaquePorts, out var own))
        {
            return (own.Value, own);
        }

        var ns = index.Namespace(service.Namespace ?? "default");
        if (ns is not null && ns.Annotations.TryGet(LinkerdAnnotations.OpaquePorts, out var inherited))
        {
            return (inherited.Value, null);
        }

        var defaults = LinkerdParsing.PortsOf(LinkerdConfig.Of(index).EffectiveOpaquePorts);
        var marked = service.Ports
            .Where(p => p.Port is not null && (p.TargetPort is { } t && int.TryParse(t.Value, out var tn) ? defaults.Contains(tn) : defaults.Contains((int)p.Port!.Value.Value)))
            .Select(p => p.Port!.Value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (string.Join(",", marked), null);
    }

    private static (bool Opaque, string Source, SourceSpan Span, MeshObject Owner) PodOpaque(Workload workload, int port, MeshIndex index, LinkerdPolicy policy)
    {
        foreach (var server in policy.ServersCovering(workload, port))
        {
            var protocol = server.ProxyProtocol?.Value ?? "unknown";
            return (protocol == "opaque", $"Server {server.Name} proxyProtocol {protocol}", server.ProxyProtocol?.Span ?? server.SpecSpan, server);
        }

        var (list, annotation, source) = LinkerdPorts.PodOpaquePorts(workload, index);
        var opaque = LinkerdParsing.PortsOf(list, LinkerdPorts.ContainerPortNumbers(workload.Template)).Contains(port);
        return (opaque, source, annotation?.Span ?? workload.Template.MetadataSpan, annotation?.Owner ?? workload);
    }
}
