using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class InjectionDisabledInMeshNamespace : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1602",
        Name: "InjectionDisabledInMeshNamespace",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "Workload opts out of injection in an injected namespace",
        Description: "sidecar.istio.io/inject: \"false\" on a pod template keeps the sidecar out of a workload whose namespace is injected. The workload runs next to mesh services without being part of the mesh: plaintext traffic, no workload identity, and the namespace's PeerAuthentication and AuthorizationPolicies do not protect it.",
        Remediation: "Remove the opt-out so the workload gets a sidecar; when it must stay out (a host agent, a job that cannot run a sidecar), move it to a namespace outside the mesh or document the exception with a suppression and a reason.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        SecuritySeverity: 6.0,
        Tags: ["injection", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var workload in context.Index.OfType<Workload>())
        {
            if (workload.Template.HostNetwork?.Value == true
                || IstioInjection.PodChoice(workload.Template) is not { } choice
                || !string.Equals(choice.Value, "false", StringComparison.OrdinalIgnoreCase)
                || context.Index.Namespace(workload.Namespace ?? "default") is not { } ns
                || !IstioInjection.InjectsSidecars(ns)
                || !MeshEnablement.OfWorkload(workload, context.Index).IsEmpty)
            {
                // A workload that leaves Istio for another mesh (ML4500's fix) is ML4500's and ML4501's concern.
                continue;
            }

            yield return RuleContext.Report(Rule, workload, choice.Span,
                $"{AnnotationSite.Describe(workload)} sets {IstioInjection.InjectKey}: \"{choice.Value}\" although namespace {ns.Name} injects sidecars, so its pods run outside the mesh.");
        }
    }
}
