using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class DeprecatedIstioAnnotation : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1608",
        Name: "DeprecatedIstioAnnotation",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "Deprecated Istio annotation",
        Description: "Istio deprecates annotations that have a replacement: the sidecar.istio.io/inject annotation (replaced by the label of the same name, which the webhook can select on), the statsInclusion annotations (replaced by the Telemetry API and proxy.istio.io/config), discoveryAddress, extraStatTags and others. A deprecated annotation can stop working in a later release without an error.",
        Remediation: "Use the replacement named in Istio's annotation reference: for sidecar.istio.io/inject, the pod label of the same name.",
        DefaultSeverity: Severity.Note,
        Inputs: ["Namespace", "Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        Equivalents: ["IST0135"],
        Tags: ["annotations", "upgrade"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var site in IstioAnnotations.Sites(context.Index))
        {
            foreach (var (key, _) in site.Annotations.Entries)
            {
                if (IstioAnnotations.Find(key.Value) is not { Deprecated: true })
                {
                    continue;
                }

                if (key.Value == IstioInjection.InjectKey)
                {
                    // Istio's own check: a pod that carries the label as well keeps the annotation for old versions on purpose.
                    if (site.Labels.ContainsKey(IstioInjection.InjectKey))
                    {
                        continue;
                    }

                    yield return RuleContext.Report(Rule, site.Owner, key.Span,
                        $"Annotation {key.Value} on {site.Description} is deprecated in favor of the {IstioInjection.InjectKey} label.");
                    continue;
                }

                yield return RuleContext.Report(Rule, site.Owner, key.Span,
                    $"Annotation {key.Value} on {site.Description} is deprecated and may stop working in a later Istio release.");
            }
        }
    }
}
