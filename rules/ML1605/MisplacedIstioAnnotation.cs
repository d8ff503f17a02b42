using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class MisplacedIstioAnnotation : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1605",
        Name: "MisplacedIstioAnnotation",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "Istio annotation is on the wrong kind of object",
        Description: "Istio reads each annotation from one kind of object: proxy and capture settings from the Pod (so from a workload's pod template, not its own metadata), exportTo from the Service. Anywhere else the annotation is ignored silently: the proxy keeps its defaults and reviewers believe a setting is in force.",
        Remediation: "Move the annotation to the kind Istio reads it from: for Pod annotations on a Deployment, StatefulSet or DaemonSet, to spec.template.metadata.annotations.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        Equivalents: ["IST0107"],
        Tags: ["annotations"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var site in IstioAnnotations.Sites(context.Index))
        {
            foreach (var (key, _) in site.Annotations.Entries)
            {
                if (IstioAnnotations.Find(key.Value) is not { AppliesToAnyKind: false } known || known.Resources.Contains(site.ReadAs))
                {
                    continue;
                }

                yield return RuleContext.Report(Rule, site.Owner, key.Span,
                    $"Annotation {key.Value} on {site.Description} has no effect: Istio reads it only on {string.Join(", ", known.Resources)}.");
            }
        }
    }
}
