using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class MeshOptOutInInjectedNamespace : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2031",
        Name: "MeshOptOutInInjectedNamespace",
        Mesh: Mesh.Linkerd,
        Category: Category.Security,
        Title: "Workload opts out of an injected namespace",
        Description: "A namespace annotated `linkerd.io/inject: enabled` promises that its pods are meshed: mTLS between them, default inbound policy, Server policies. A pod template with `linkerd.io/inject: disabled`, or with `hostNetwork: true` (which the injector cannot mesh), silently escapes all of it: its traffic is plaintext and unauthenticated and it cannot present an identity to the Servers it calls.",
        Remediation: "Remove the opt-out. If the workload really cannot be meshed, move it to a namespace that is not injected and authorize it explicitly by network where needed.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        SecuritySeverity: 5.0,
        Tags: ["injection"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var workload in index.OfType<Workload>())
        {
            var ns = index.Namespace(workload.Namespace ?? "default");
            if (!LinkerdInjection.NamespaceEnables(ns))
            {
                continue;
            }

            if (workload.Template.HostNetwork is { Value: true } hostNetwork)
            {
                yield return RuleContext.Report(Rule, workload, hostNetwork.Span,
                    $"{workload.Kind} {workload.Name} uses hostNetwork: true in namespace {ns!.Name}, which is meshed by Linkerd; the injector cannot mesh host-network pods, so its traffic is plaintext and unauthenticated.");
            }
            else if (workload.Template.Annotations.TryGet(LinkerdAnnotations.Inject, out var value) && value.Value == "disabled")
            {
                yield return RuleContext.Report(Rule, workload, value.Span,
                    $"{workload.Kind} {workload.Name} opts out of Linkerd injection (linkerd.io/inject: disabled) in namespace {ns!.Name}, which is meshed: its traffic is plaintext and unauthenticated.");
            }
        }
    }
}
