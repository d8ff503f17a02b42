using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class ImageAutoWithoutInjection : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1611",
        Name: "ImageAutoWithoutInjection",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "istio-proxy image auto on a workload that is not injected",
        Description: "Gateway deployments (and pods prepared for injection) declare a container istio-proxy with image: auto, a placeholder that only the sidecar injector replaces. When the injector does not select the pod (its namespace disables injection or has no injection label, or the pod opts out), the kubelet tries to pull an image called auto and the pod never starts.",
        Remediation: "Enable injection for the pod: label its namespace istio-injection: enabled or istio.io/rev: <revision>, or label the pod template sidecar.istio.io/inject: \"true\"; remove an opt-out.",
        DefaultSeverity: Severity.Error,
        Inputs: ["Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        Equivalents: ["IST0146", "IST0147"],
        Tags: ["injection", "gateway"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var workload in context.Index.OfType<Workload>())
        {
            var placeholder = workload.Template.Containers
                .FirstOrDefault(c => c.Name?.Value == "istio-proxy" && c.Image?.Value == "auto")?.Image;
            if (placeholder is not { } image || IstioInjection.CouldBeInMesh(workload, context.Index))
            {
                continue;
            }

            yield return RuleContext.Report(Rule, workload, image.Span,
                $"{AnnotationSite.Describe(workload)} has an istio-proxy container with image: auto, but the injector does not select its pods, so the placeholder image is never replaced.");
        }
    }
}
