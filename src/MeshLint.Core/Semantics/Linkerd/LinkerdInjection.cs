using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics.Linkerd;

public enum LinkerdMeshState
{
    /// <summary>Nothing in the repo decides: no injection annotation on the pod and its Namespace is not in view.</summary>
    Unknown,
    Meshed,
    NotMeshed,
}

/// <summary>Whether Linkerd injects a workload, why, and the field that decides (null when nothing says).</summary>
public sealed record LinkerdInjectionResult(LinkerdMeshState State, string Reason, Located<string>? DecidingKey, bool DecidedByWorkload)
{
    public bool IsMeshed => State == LinkerdMeshState.Meshed;
}

/// <summary>
/// The proxy injector's decision (pkg/inject/report.go <c>disabledByAnnotation</c>, <c>Injectable</c>): the pod's
/// <c>linkerd.io/inject</c> annotation and its namespace's; an invalid value disables injection (on a namespace, for
/// every pod in it); <c>hostNetwork</c> pods are never injected.
/// </summary>
public static class LinkerdInjection
{
    private const string WebhooksLabel = "config.linkerd.io/admission-webhooks";

    public static bool IsValidValue(string value) => value is "enabled" or "disabled" or "ingress";

    public static bool Enables(string? value) => value is "enabled" or "ingress";

    /// <summary>True when the namespace itself turns Linkerd injection on.</summary>
    public static bool NamespaceEnables(Namespace? ns) => ns is not null && Enables(ns.Annotations[LinkerdAnnotations.Inject]) && !ExcludedNamespace(ns);

    public static LinkerdInjectionResult Resolve(Workload workload, MeshIndex index)
    {
        var template = workload.Template;
        if (AlreadyInjected(template))
        {
            return new(LinkerdMeshState.Meshed, "the pod already has the linkerd-proxy container", null, true);
        }

        if (template.HostNetwork?.Value == true)
        {
            return new(LinkerdMeshState.NotMeshed, "hostNetwork: true", new Located<string>("hostNetwork", template.HostNetwork.Value.Span), true);
        }

        var ns = index.Namespace(workload.Namespace ?? "default");
        template.Annotations.TryGet(LinkerdAnnotations.Inject, out var podValue);
        var podKey = template.Annotations.KeyOf(LinkerdAnnotations.Inject);
        var pod = podKey is null ? null : podValue.Value;
        var podChoice = podKey is null ? (Located<string>?)null : new Located<string>($"{LinkerdAnnotations.Inject}: {pod}", podValue.Span);

        if (ns is not null && ExcludedNamespace(ns))
        {
            return new(LinkerdMeshState.NotMeshed, $"namespace {ns.Name} is excluded from the proxy injector", null, false);
        }

        string? nsValue = null;
        Located<string>? nsChoice = null;
        if (ns is not null && ns.Annotations.TryGet(LinkerdAnnotations.Inject, out var nsAnnotation))
        {
            nsValue = nsAnnotation.Value;
            nsChoice = new Located<string>($"{LinkerdAnnotations.Inject}: {nsValue}", nsAnnotation.Span);
            if (!IsValidValue(nsValue))
            {
                return new(LinkerdMeshState.NotMeshed, $"namespace {ns.Name} has the invalid value linkerd.io/inject: {nsValue}", nsChoice, false);
            }
        }

        if (pod is not null && !IsValidValue(pod))
        {
            return new(LinkerdMeshState.NotMeshed, $"the pod template has the invalid value linkerd.io/inject: {pod}", podChoice, true);
        }

        if (Enables(nsValue))
        {
            return pod == "disabled"
                ? new(LinkerdMeshState.NotMeshed, "the pod template has linkerd.io/inject: disabled", podChoice, true)
                : new(LinkerdMeshState.Meshed, $"namespace {ns!.Name} has linkerd.io/inject: {nsValue}", nsChoice, false);
        }

        if (Enables(pod))
        {
            return new(LinkerdMeshState.Meshed, $"the pod template has linkerd.io/inject: {pod}", podChoice, true);
        }

        if (pod == "disabled")
        {
            return new(LinkerdMeshState.NotMeshed, "the pod template has linkerd.io/inject: disabled", podChoice, true);
        }

        if (ns is not null)
        {
            return new(LinkerdMeshState.NotMeshed, $"neither namespace {ns.Name} nor the pod template enables linkerd.io/inject", nsChoice, false);
        }

        return new(LinkerdMeshState.Unknown, "the pod template does not set linkerd.io/inject and its Namespace is not in the scanned files", null, false);
    }

    /// <summary>Output of <c>linkerd inject --manual</c>, or a live pod: the proxy is already there.</summary>
    private static bool AlreadyInjected(PodTemplate template) =>
        template.Containers.Concat(template.InitContainers).Any(c => c.Name?.Value == "linkerd-proxy");

    private static bool ExcludedNamespace(Namespace ns) =>
        ns.Name is "kube-system" or "kube-public" || ns.Labels[WebhooksLabel] == "disabled";
}
