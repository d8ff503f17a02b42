using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class UnknownIstioAnnotation : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1606",
        Name: "UnknownIstioAnnotation",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "Unknown Istio annotation",
        Description: "Istio reads a fixed set of annotations in its domains (*.istio.io). A key that is not one of them, such as a typo, a wrong letter case or an annotation removed in an earlier release, is ignored without an error, so the setting its author meant is not in force.",
        Remediation: "Correct the key to an annotation from Istio's resource annotation reference, or remove it.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        Equivalents: ["IST0108"],
        Tags: ["annotations"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var site in IstioAnnotations.Sites(context.Index))
        {
            foreach (var (key, _) in site.Annotations.Entries)
            {
                if (IstioAnnotations.IsIstioKey(key.Value) && IstioAnnotations.Find(key.Value) is null && !IstioAnnotations.SetByIstio.Contains(key.Value))
                {
                    yield return RuleContext.Report(Rule, site.Owner, key.Span,
                        $"Annotation {key.Value} on {site.Description} is not an annotation Istio knows, so it has no effect.");
                }
            }
        }
    }
}
