using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class ProxyVersionSkew : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4201",
        Name: "ProxyVersionSkew",
        Mesh: Mesh.Kubernetes,
        Category: Category.Configuration,
        Title: "Mesh proxy runs a different version than its control plane",
        Description: "The proxy in this pod was injected from another release than the control plane that now configures it (istiod of the pod's revision, or Linkerd's destination controller). Istio supports a skew of one minor version at most, and Linkerd's linkerd check reports any mismatch: older proxies miss fixes and may not understand configuration the control plane sends, which fails in ways no manifest shows.",
        Remediation: "Restart the workload (kubectl rollout restart) after a control-plane upgrade so the injector gives it the current proxy; with Istio revisions, move the namespace to the revision the pod should follow first.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Pod", "Deployment", "Namespace"],
        Equivalents: ["IST0105"],
        Tags: ["live", "upgrade", "proxy"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var istiod = ControlPlaneVersions(context.Index, o => o.Labels["app"] == "istiod", "discovery", o => o.Labels[IstioInjection.RevisionLabel] ?? "default");
        var linkerd = ControlPlaneVersions(context.Index, o => o.Labels["linkerd.io/control-plane-component"] == "destination", RunningPods.LinkerdProxy, _ => "linkerd");
        foreach (var pod in RunningPods.All(context.Index))
        {
            if (!pod.IsActive)
            {
                continue;
            }

            if (RunningPods.FindContainer(pod.Spec, RunningPods.IstioProxy) is { Image: { } istioImage })
            {
                var ns = context.Index.Namespace(pod.Object.Namespace ?? "default");
                var revision = pod.Spec.Labels[IstioInjection.RevisionLabel] ?? ns?.Labels[IstioInjection.RevisionLabel] ?? "default";
                if (Skewed(istioImage.Value, istiod, revision) is { } expected)
                {
                    yield return RuleContext.Report(Rule, pod.Object, istioImage.Span,
                        $"Pod {pod.Object.Name} runs {RunningPods.IstioProxy} {istioImage.Value} but istiod of revision {revision} runs {expected}.");
                }
            }

            if (RunningPods.FindContainer(pod.Spec, RunningPods.LinkerdProxy) is { Image: { } linkerdImage } && pod.Spec.Labels["linkerd.io/control-plane-component"] is null
                && Skewed(linkerdImage.Value, linkerd, "linkerd") is { } linkerdExpected)
            {
                yield return RuleContext.Report(Rule, pod.Object, linkerdImage.Span,
                    $"Pod {pod.Object.Name} runs {RunningPods.LinkerdProxy} {linkerdImage.Value} but the Linkerd control plane's proxy is {linkerdExpected}.");
            }
        }
    }

    private static string? Skewed(string image, Dictionary<string, string> versions, string key) =>
        RunningPods.ImageTag(image) is { } tag && versions.TryGetValue(key, out var expected) && !string.Equals(tag, expected, StringComparison.Ordinal) ? expected : null;

    /// <summary>The image tag of <paramref name="container"/> in each control-plane Deployment or pod, by revision; ambiguous revisions are left out.</summary>
    private static Dictionary<string, string> ControlPlaneVersions(MeshIndex index, Func<MeshObject, bool> isControlPlane, string container, Func<MeshObject, string> revisionOf)
    {
        var found = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var obj in index.Objects)
        {
            var template = obj switch
            {
                Workload { Kind: "Deployment" } deployment => deployment.Template,
                Pod pod => pod.Template,
                _ => null,
            };
            if (template is null || !isControlPlane(obj) || RunningPods.FindContainer(template, container)?.Image?.Value is not { } image || RunningPods.ImageTag(image) is not { } tag)
            {
                continue;
            }

            var revision = revisionOf(obj);
            if (!found.TryGetValue(revision, out var tags))
            {
                tags = new HashSet<string>(StringComparer.Ordinal);
                found[revision] = tags;
            }

            tags.Add(tag);
        }

        // During a rollout the old and new control-plane pods both run: no single version to compare with.
        return found.Where(f => f.Value.Count == 1).ToDictionary(f => f.Key, f => f.Value.Single(), StringComparer.Ordinal);
    }
}
