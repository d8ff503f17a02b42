using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class PodWithoutMeshProxy : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4200",
        Name: "PodWithoutMeshProxy",
        Mesh: Mesh.Kubernetes,
        Category: Category.Security,
        Title: "Running pod in an injected namespace has no mesh proxy",
        Description: "The namespace asks the Istio or Linkerd injector to add a proxy to every pod, but this running pod has none: it started before the namespace was labelled, while the injector was down, or outside the webhook's selector. Without the proxy it has no mesh identity and no mTLS: STRICT servers reject its calls, PERMISSIVE ones accept them as plaintext that no identity-based policy can match, and its own port is reachable around every policy.",
        Remediation: "Restart the pod's workload (kubectl rollout restart) so the injector adds the proxy, and check the injector webhook is healthy; if the pod must stay out of the mesh, opt it out explicitly (sidecar.istio.io/inject: \"false\" or linkerd.io/inject: disabled).",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Pod", "Namespace"],
        SecuritySeverity: 6.5,
        Equivalents: ["IST0103"],
        Tags: ["live", "injection", "mtls"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var pod in RunningPods.All(context.Index))
        {
            if (!pod.IsActive || pod.Spec.HostNetwork?.Value == true)
            {
                continue;
            }

            var ns = context.Index.Namespace(pod.Object.Namespace ?? "default");
            var anchor = pod.Object.Spec?.KeySpanOr("containers") ?? pod.Object.SpecSpan;
            if (IstioInjection.NamespaceState(ns) == InjectionState.Enabled
                && ns!.Labels[IstioInjection.DataplaneModeLabel] != "ambient"
                && IstioInjection.PodChoice(pod.Spec)?.Value.ToLowerInvariant() != "false"
                && RunningPods.FindContainer(pod.Spec, RunningPods.IstioProxy) is null)
            {
                var reason = ns.Labels[IstioInjection.NamespaceLabel] is { } value
                    ? $"{IstioInjection.NamespaceLabel}={value}"
                    : $"{IstioInjection.RevisionLabel}={ns.Labels[IstioInjection.RevisionLabel]}";
                yield return RuleContext.Report(Rule, pod.Object, anchor,
                    $"Pod {pod.Object.Name} is {pod.Phase} without an {RunningPods.IstioProxy} container although namespace {ns.Name} has {reason}.");
            }
            else if (ns?.Annotations["linkerd.io/inject"] == "enabled"
                && pod.Spec.Annotations["linkerd.io/inject"] != "disabled"
                && RunningPods.FindContainer(pod.Spec, RunningPods.LinkerdProxy) is null)
            {
                yield return RuleContext.Report(Rule, pod.Object, anchor,
                    $"Pod {pod.Object.Name} is {pod.Phase} without a {RunningPods.LinkerdProxy} container although namespace {ns.Name} has linkerd.io/inject: enabled.");
            }
        }
    }
}
