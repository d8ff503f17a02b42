using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class AlphaIstioAnnotation : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1609",
        Name: "AlphaIstioAnnotation",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "Alpha-stage Istio annotation",
        Description: "Istio gives every annotation a feature stage. Alpha features may change or disappear between minor releases and do not get the support and security guarantees of beta and stable ones; Istio's security best practices advise against them in production.",
        Remediation: "Prefer a beta or stable mechanism (proxy.istio.io/config, ProxyConfig, Telemetry or Sidecar resources) where one exists; otherwise keep the annotation deliberately and re-check it at each Istio upgrade.",
        DefaultSeverity: Severity.Note,
        Inputs: ["Namespace", "Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        Equivalents: ["IST0136"],
        Tags: ["annotations", "upgrade"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var site in IstioAnnotations.Sites(context.Index))
        {
            foreach (var (key, _) in site.Annotations.Entries)
            {
                if (IstioAnnotations.Find(key.Value) is not { Stage: AnnotationStage.Alpha } || IstioAnnotations.SetByIstio.Contains(key.Value)
                    || (!site.HasIstioInit && IstioAnnotations.CaptureAnnotations.Contains(key.Value)))
                {
                    continue;
                }

                yield return RuleContext.Report(Rule, site.Owner, key.Span,
                    $"Annotation {key.Value} on {site.Description} is an alpha-stage Istio feature.");
            }
        }
    }
}
