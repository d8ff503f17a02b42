using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class SecurityPolicySelectorMatchesNoWorkload : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1107",
        Name: "SecurityPolicySelectorMatchesNoWorkload",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "Security policy selector matches no workload",
        Description: "An AuthorizationPolicy, PeerAuthentication or RequestAuthentication with a selector applies only to pods carrying all its matchLabels. A typo, a label the pods do not carry or a renamed workload leaves the policy attached to nothing, silently: the DENY rule, STRICT mode or token validation that was reviewed is not in force. Only namespaces whose workloads are in the files are judged (any namespace for a root-namespace policy).",
        Remediation: "Correct the labels so they match the pod template labels of the intended workloads (not the Deployment's own labels), or delete the policy if the workload is gone.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["AuthorizationPolicy", "PeerAuthentication", "RequestAuthentication", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "ConfigMap", "IstioOperator"],
        SecuritySeverity: 5.0,
        Equivalents: ["IST0127", "KIA0004"],
        Tags: ["authorization", "mtls", "security"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var policies = index.OfType<AuthorizationPolicy>().Where(p => p.TargetRefs.IsDefaultOrEmpty).Select(p => ((MeshObject)p, p.Selector))
            .Concat(index.OfType<PeerAuthentication>().Select(p => ((MeshObject)p, p.Selector)))
            .Concat(index.OfType<RequestAuthentication>().Where(p => p.TargetRefs.IsDefaultOrEmpty).Select(p => ((MeshObject)p, p.Selector)));
        foreach (var (policy, selector) in policies)
        {
            if (selector is not { Labels.IsEmpty: false } sel)
            {
                continue;
            }

            var ns = policy.Namespace ?? "default";
            var meshWide = ns == context.Settings.IstioRootNamespace;
            var candidates = meshWide ? index.OfType<Core.Model.Kubernetes.Workload>() : index.WorkloadsIn(ns);
            if (candidates.IsEmpty || candidates.Any(w => sel.Labels.IsSubsetOf(w.Template.Labels)))
            {
                continue;
            }

            var where = meshWide ? "any namespace" : $"namespace {ns}";
            yield return RuleContext.Report(Rule, policy, sel.Span,
                $"{policy.Kind} {ns}/{policy.Name} selects {sel.Labels}, which no workload in {where} carries, so the policy applies to nothing.");
        }
    }
}
