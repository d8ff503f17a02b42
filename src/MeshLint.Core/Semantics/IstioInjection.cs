using System.Collections.Immutable;
using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics;

public enum InjectionState
{
    /// <summary>Nothing in the repo says: the namespace is not declared, or carries no injection label.</summary>
    Unknown,
    Enabled,
    Disabled,
}

/// <summary>Whether Istio puts a workload in the mesh, the way its injector webhook and ambient mode decide.</summary>
public static class IstioInjection
{
    public const string NamespaceLabel = "istio-injection";
    public const string RevisionLabel = "istio.io/rev";
    public const string InjectKey = "sidecar.istio.io/inject";
    public const string DataplaneModeLabel = "istio.io/dataplane-mode";

    /// <summary>
    /// A namespace is injected by <c>istio-injection=enabled</c> or by an <c>istio.io/rev</c> label (when
    /// <c>istio-injection</c> is absent), and is in the ambient mesh with <c>istio.io/dataplane-mode=ambient</c>.
    /// </summary>
    public static InjectionState NamespaceState(Namespace? ns)
    {
        if (ns is null)
        {
            return InjectionState.Unknown;
        }

        var label = ns.Labels[NamespaceLabel];
        if (label is not null)
        {
            return label == "enabled" ? InjectionState.Enabled : InjectionState.Disabled;
        }

        if (ns.Labels.ContainsKey(RevisionLabel) || ns.Labels[DataplaneModeLabel] == "ambient")
        {
            return InjectionState.Enabled;
        }

        return InjectionState.Unknown;
    }

    /// <summary>
    /// The pod's own choice: the <c>sidecar.istio.io/inject</c> label (which wins) or the legacy annotation.
    /// Null when the pod does not say.
    /// </summary>
    public static Located<string>? PodChoice(PodTemplate pod)
    {
        if (pod.Labels.TryGet(InjectKey, out var label))
        {
            return label;
        }

        return pod.Annotations.TryGet(InjectKey, out var annotation) ? annotation : null;
    }

    /// <summary>
    /// True when the repo says the workload runs in the Istio mesh (sidecar injected or ambient), following the
    /// selectors of Istio's injection webhooks: an <c>istio-injection</c> namespace label other than <c>enabled</c>
    /// excludes every pod; an enabled or revision-labelled namespace injects unless the pod opts out (label, or the
    /// legacy annotation, which the injector reads once it is called); in an unlabelled namespace only a pod
    /// <c>sidecar.istio.io/inject: "true"</c> or <c>istio.io/rev</c> <em>label</em> calls the injector (webhook object
    /// selectors see labels, never annotations).
    /// </summary>
    public static bool IsInMesh(Workload workload, MeshIndex index)
    {
        if (workload.Template.HostNetwork?.Value == true)
        {
            return false;
        }

        var pod = workload.Template;
        var ns = index.Namespace(workload.Namespace ?? "default");
        var optedOut = string.Equals(PodChoice(pod)?.Value, "false", StringComparison.OrdinalIgnoreCase);
        if (ns?.Labels[NamespaceLabel] is { } legacy)
        {
            return legacy == "enabled" && !optedOut;
        }

        if (ns is not null && (ns.Labels.ContainsKey(RevisionLabel) || ns.Labels[DataplaneModeLabel] == "ambient"))
        {
            return !optedOut;
        }

        var label = pod.Labels[InjectKey];
        if (string.Equals(label, "false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return string.Equals(label, "true", StringComparison.OrdinalIgnoreCase) || pod.Labels.ContainsKey(RevisionLabel);
    }

    /// <summary>
    /// True when the namespace asks for sidecar injection (not ambient): <c>istio-injection=enabled</c>, or an
    /// <c>istio.io/rev</c> label without an <c>istio-injection</c> label.
    /// </summary>
    public static bool InjectsSidecars(Namespace ns) =>
        ns.Labels[NamespaceLabel] is { } legacy ? legacy == "enabled" : ns.Labels.ContainsKey(RevisionLabel);

    /// <summary>
    /// True unless the repo shows the workload stays out of the mesh: when its namespace is declared (or the input is
    /// complete) Istio's decision (<see cref="IsInMesh"/>); otherwise only a host-network pod or a pod that opts out
    /// with <c>sidecar.istio.io/inject: "false"</c> is known to be outside. Rules about settings that only matter
    /// inside the mesh use it so they neither judge workloads Istio never touches nor go silent on partial repos.
    /// </summary>
    public static bool CouldBeInMesh(Workload workload, MeshIndex index)
    {
        if (index.Namespace(workload.Namespace ?? "default") is not null || index.Settings.Complete)
        {
            return IsInMesh(workload, index);
        }

        return workload.Template.HostNetwork?.Value != true
            && !string.Equals(PodChoice(workload.Template)?.Value, "false", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when the input holds any Istio resource (an object of an <c>*.istio.io</c> API group).</summary>
    public static bool InputUsesIstio(MeshIndex index) =>
        index.Objects.Any(o => o.Header.Group.EndsWith("istio.io", StringComparison.Ordinal));

    /// <summary>
    /// Whether Istio's injector webhooks in view (MutatingWebhookConfiguration webhooks whose name ends in
    /// <c>istio.io</c>) select the workload's pods, as the API server decides it: some webhook whose namespaceSelector
    /// matches the namespace's labels and whose objectSelector matches the pod's labels (a missing selector matches
    /// everything). Null when no such webhook is in view or the namespace is not declared.
    /// </summary>
    public static bool? SelectedByInjectorWebhooks(Workload workload, MeshIndex index)
    {
        var webhooks = index.Objects
            .Where(o => o.Kind == "MutatingWebhookConfiguration" && o.Root["webhooks"] is SequenceNode)
            .SelectMany(o => ((SequenceNode)o.Root["webhooks"]!).Items.OfType<MappingNode>())
            .Where(w => w["name"] is ScalarNode name && name.Value.EndsWith("istio.io", StringComparison.Ordinal))
            .ToList();
        if (webhooks.Count == 0 || index.Namespace(workload.Namespace ?? "default") is not { } ns)
        {
            return null;
        }

        return webhooks.Any(w => Matches(w["namespaceSelector"], ns.Labels) && Matches(w["objectSelector"], workload.Template.Labels));
    }

    private static bool Matches(Node? selector, LabelSet labels)
    {
        if (selector is not MappingNode map)
        {
            return true;
        }

        var matchLabels = map["matchLabels"] is MappingNode m
            ? new LabelSet(m.Entries
                .Where(e => e.Value is ScalarNode)
                .Select(e => new KeyValuePair<Located<string>, Located<string>>(new(e.Key.Value, e.Key.Span), new(((ScalarNode)e.Value).Value, e.Value.Span)))
                .ToImmutableArray(), m.Span)
            : LabelSet.Empty;
        var expressions = (map["matchExpressions"] as SequenceNode)?.Items.OfType<MappingNode>()
            .Where(e => e["key"] is ScalarNode && e["operator"] is ScalarNode)
            .Select(e => new SelectorRequirement(
                new(((ScalarNode)e["key"]!).Value, e["key"]!.Span),
                new(((ScalarNode)e["operator"]!).Value, e["operator"]!.Span),
                ((e["values"] as SequenceNode)?.Items ?? ImmutableArray<Node>.Empty).OfType<ScalarNode>().Select(v => new Located<string>(v.Value, v.Span)).ToImmutableArray()))
            .ToImmutableArray() ?? ImmutableArray<SelectorRequirement>.Empty;
        return new LabelSelector(matchLabels, expressions, map.Span).Matches(labels);
    }
}
