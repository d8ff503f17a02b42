using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class InvalidInjectValue : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2007",
        Name: "InvalidInjectValue",
        Mesh: Mesh.Linkerd,
        Category: Category.Configuration,
        Title: "linkerd.io/inject value is not enabled, disabled or ingress",
        Description: "The proxy injector accepts only `enabled`, `disabled` and `ingress` for `linkerd.io/inject`. Any other value (`true`, `enable`, `yes`) is treated as invalid and the pod is not injected. On a namespace an invalid value is worse: the injector skips every pod in the namespace, including pods whose own annotation says `enabled`.",
        Remediation: "Write `linkerd.io/inject: enabled` (or `ingress` for ingress controllers, `disabled` to opt out).",
        DefaultSeverity: Severity.Error,
        Inputs: ["Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        Tags: ["injection"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var ns in context.Index.OfType<Namespace>())
        {
            if (ns.Annotations.TryGet(LinkerdAnnotations.Inject, out var value) && !LinkerdInjection.IsValidValue(value.Value))
            {
                yield return RuleContext.Report(Rule, ns, value.Span, $"linkerd.io/inject value '{value.Value}' on Namespace {ns.Name} is not enabled, disabled or ingress, so the proxy injector skips every pod in the namespace, even pods that ask to be injected.");
            }
        }

        foreach (var workload in context.Index.OfType<Workload>())
        {
            if (workload.Template.Annotations.TryGet(LinkerdAnnotations.Inject, out var value) && !LinkerdInjection.IsValidValue(value.Value))
            {
                yield return RuleContext.Report(Rule, workload, value.Span, $"linkerd.io/inject value '{value.Value}' on {workload.Kind} {workload.Name} is not enabled, disabled or ingress, so the proxy injector does not mesh its pods.");
            }
        }
    }
}
