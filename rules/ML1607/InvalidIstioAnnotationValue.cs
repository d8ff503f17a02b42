using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class InvalidIstioAnnotationValue : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1607",
        Name: "InvalidIstioAnnotationValue",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "Istio annotation value is invalid",
        Description: "The sidecar injector validates the values of several pod annotations (interception mode, port and CIDR lists, interface names, status port, readiness numbers, booleans, CPU and memory quantities). An invalid value fails the injection request, so the pod is refused, or starts without a sidecar where the webhook fails open; either way it shows only at deploy time.",
        Remediation: "Write a value the injector accepts (see the annotation's entry in Istio's resource annotation reference).",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        Equivalents: ["IST0125"],
        Tags: ["annotations", "injection"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var site in IstioAnnotations.Sites(context.Index))
        {
            foreach (var (key, value) in site.Annotations.Entries)
            {
                // A misplaced annotation is never read, so its value is not judged (ML1605 reports it).
                if (IstioAnnotations.Find(key.Value) is not { } known || !(known.AppliesToAnyKind || known.Resources.Contains(site.ReadAs))
                    || IstioAnnotations.Invalid(key.Value, value.Value) is not { } reason)
                {
                    continue;
                }

                yield return RuleContext.Report(Rule, site.Owner, value.Span,
                    $"Annotation {key.Value} on {site.Description} has the value \"{value.Value}\", which the sidecar injector rejects: {reason}.");
            }
        }
    }
}
