using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class InboundPortsBypassProxy : IRule
{
    // Istio's own ports (admin, outbound/inbound capture, HBONE, agent, health, DNS, Prometheus): excluding them
    // leaves the application's traffic captured.
    private static readonly HashSet<int> ProxyPorts = [15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090];

    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1603",
        Name: "InboundPortsBypassProxy",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "Inbound ports bypass the sidecar",
        Description: "traffic.sidecar.istio.io/excludeInboundPorts, or includeInboundPorts with a list instead of *, leaves application ports out of the sidecar's inbound capture. Connections to them reach the application directly: no mutual TLS, no STRICT PeerAuthentication, no AuthorizationPolicy, no telemetry, from any pod that can reach the port.",
        Remediation: "Remove the port from traffic.sidecar.istio.io/excludeInboundPorts (or set includeInboundPorts to *); if a port really must bypass the proxy, protect it with a Kubernetes NetworkPolicy and record the exception.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        SecuritySeverity: 6.5,
        Tags: ["injection", "security", "mtls"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var workload in context.Index.OfType<Workload>())
        {
            var annotations = workload.Template.Annotations;
            if (!IstioInjection.CouldBeInMesh(workload, context.Index))
            {
                continue;
            }

            if (annotations.TryGet(IstioAnnotations.ExcludeInboundPorts, out var excluded)
                && IstioAnnotations.ParsePorts(excluded.Value) is { } ports
                && ports.Where(p => !ProxyPorts.Contains(p)).ToList() is { Count: > 0 } appPorts)
            {
                yield return RuleContext.Report(Rule, workload, excluded.Span,
                    $"{AnnotationSite.Describe(workload)} excludes inbound port{(appPorts.Count > 1 ? "s" : string.Empty)} {string.Join(", ", appPorts)} from sidecar capture, so connections to {(appPorts.Count > 1 ? "them" : "it")} skip mTLS and authorization.");
            }

            if (annotations.TryGet(IstioAnnotations.IncludeInboundPorts, out var included) && included.Value.Trim() != "*")
            {
                var what = included.Value.Trim().Length == 0 ? "no port" : $"only port(s) {included.Value.Trim()}";
                yield return RuleContext.Report(Rule, workload, included.Span,
                    $"{AnnotationSite.Describe(workload)} sets includeInboundPorts to capture {what}, so connections to its other ports skip mTLS and authorization.");
            }
        }
    }
}
