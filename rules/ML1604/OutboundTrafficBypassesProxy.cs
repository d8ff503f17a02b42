using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class OutboundTrafficBypassesProxy : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1604",
        Name: "OutboundTrafficBypassesProxy",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "Outbound traffic bypasses the sidecar",
        Description: "traffic.sidecar.istio.io/excludeOutboundIPRanges and excludeOutboundPorts, or includeOutboundIPRanges with a list instead of *, let the application connect to those destinations without its sidecar. Such connections carry no mTLS identity (mesh servers see a plaintext caller), escape REGISTRY_ONLY and egress gateway controls, and leave no telemetry.",
        Remediation: "Remove the exclusion (or set includeOutboundIPRanges to *) and route the traffic through the mesh, with a ServiceEntry for external destinations; if a bypass is required, restrict it to the narrowest range and port and record the exception.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        SecuritySeverity: 5.5,
        Tags: ["injection", "security", "egress"]);

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

            var name = AnnotationSite.Describe(workload);
            if (annotations.TryGet(IstioAnnotations.ExcludeOutboundIPRanges, out var ranges) && ranges.Value.Trim().Length > 0)
            {
                yield return RuleContext.Report(Rule, workload, ranges.Span,
                    $"{name} excludes outbound traffic to {ranges.Value.Trim()} from sidecar capture, so those connections leave without mTLS or egress policy.");
            }

            if (annotations.TryGet(IstioAnnotations.ExcludeOutboundPorts, out var ports) && ports.Value.Trim().Length > 0)
            {
                yield return RuleContext.Report(Rule, workload, ports.Span,
                    $"{name} excludes outbound port(s) {ports.Value.Trim()} from sidecar capture, so those connections leave without mTLS or egress policy.");
            }

            if (annotations.TryGet(IstioAnnotations.IncludeOutboundIPRanges, out var included) && included.Value.Trim() != "*")
            {
                var what = included.Value.Trim().Length == 0 ? "no outbound traffic" : $"outbound traffic to {included.Value.Trim()} only";
                yield return RuleContext.Report(Rule, workload, included.Span,
                    $"{name} sets includeOutboundIPRanges to capture {what}, so connections elsewhere leave without mTLS or egress policy.");
            }
        }
    }
}
