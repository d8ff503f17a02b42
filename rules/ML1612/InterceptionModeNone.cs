using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class InterceptionModeNone : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1612",
        Name: "InterceptionModeNone",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "Sidecar traffic capture is turned off",
        Description: "sidecar.istio.io/interceptionMode: NONE injects the proxy but installs no traffic redirection. Unless the application explicitly talks to the proxy's listeners, inbound connections reach it directly and outbound ones leave the pod directly: no mutual TLS, no PeerAuthentication or AuthorizationPolicy, no egress control, while the pod still looks like a mesh member.",
        Remediation: "Remove the annotation (or use REDIRECT or TPROXY); keep NONE only for workloads built to use the proxy explicitly, with a Sidecar resource that declares their ingress and egress listeners.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        SecuritySeverity: 6.0,
        Tags: ["injection", "security", "mtls"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var workload in context.Index.OfType<Workload>())
        {
            if (workload.Template.Annotations.TryGet(IstioAnnotations.InterceptionMode, out var mode) && mode.Value == "NONE"
                && IstioInjection.CouldBeInMesh(workload, context.Index))
            {
                yield return RuleContext.Report(Rule, workload, mode.Span,
                    $"{AnnotationSite.Describe(workload)} sets {IstioAnnotations.InterceptionMode}: NONE, so no traffic is redirected through its sidecar.");
            }
        }
    }
}
