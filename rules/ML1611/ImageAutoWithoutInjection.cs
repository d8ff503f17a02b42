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
        Inputs: ["Namespace", "MutatingWebhookConfiguration", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        Equivalents: ["IST0146", "IST0147"],
        Tags: ["injection", "gateway"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var workload in context.Index.OfType<Workload>())
        {
            var placeholder = workload.Template.Containers
                .FirstOrDefault(c => c.Name?.Value == "istio-proxy" && c.Image?.Value == "auto")?.Image;
            if (placeholder is not { } image || IsInjected(workload, context.Index))
            {
                continue;
            }

            yield return RuleContext.Report(Rule, workload, image.Span,
                $"{AnnotationSite.Describe(workload)} has an istio-proxy container with image: auto, but the injector does not select its pods, so the placeholder image is never replaced.");
        }
    }

    // With Istio's injector webhooks in the files, their selectors decide (as IST0146 does); the pod can still opt
    // out, since the injector reads sidecar.istio.io/inject once called. Otherwise the injection labels decide.
    private static bool IsInjected(Workload workload, Core.Index.MeshIndex index) =>
        IstioInjection.SelectedByInjectorWebhooks(workload, index) is { } selected
            ? selected && !string.Equals(IstioInjection.PodChoice(workload.Template)?.Value, "false", StringComparison.OrdinalIgnoreCase)
            : IstioInjection.CouldBeInMesh(workload, index);
}
