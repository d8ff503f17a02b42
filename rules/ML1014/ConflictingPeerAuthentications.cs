using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class ConflictingPeerAuthentications : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1014",
        Name: "ConflictingPeerAuthentications",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "Several PeerAuthentications compete for the same workloads",
        Description: "Istio applies one PeerAuthentication per level to a workload: one mesh-wide, one namespace-wide, one workload policy. With two selector-less policies in a namespace, or two whose selectors match the same workload, istiod keeps the oldest and ignores the rest, so the mode in force depends on creation time rather than on the manifests.",
        Remediation: "Merge the policies into one per level, or give them selectors that do not overlap.",
        DefaultSeverity: Severity.Error,
        Inputs: ["PeerAuthentication", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "ConfigMap", "IstioOperator"],
        SecuritySeverity: 5.0,
        Equivalents: ["KIA0002", "KIA0003"],
        Tags: ["mtls", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var policies = index.OfType<PeerAuthentication>();
        foreach (var group in policies.Where(p => p.Selector is null || p.Selector.Labels.IsEmpty).GroupBy(p => p.Namespace ?? "default"))
        {
            var first = group.First();
            var level = group.Key == context.Settings.IstioRootNamespace ? "mesh-wide" : "namespace-wide";
            foreach (var other in group.Skip(1))
            {
                yield return RuleContext.Report(Rule, other, other.NameSpan,
                    $"PeerAuthentication {other.Namespace}/{other.Name} is a second {level} policy in namespace {group.Key} besides {first.Namespace}/{first.Name}; istiod applies only the oldest of them.",
                    new RelatedLocation(first.NameSpan, "the other selector-less PeerAuthentication", first.Ref));
            }
        }

        var selecting = policies.Where(p => p.Selector is { Labels.IsEmpty: false }).ToList();
        for (var i = 1; i < selecting.Count; i++)
        {
            var policy = selecting[i];
            for (var j = 0; j < i; j++)
            {
                var earlier = selecting[j];
                if (earlier.Namespace != policy.Namespace)
                {
                    continue;
                }

                var shared = SharedWorkload(earlier, policy, index);
                if (shared is null && !SameLabels(earlier.Selector!.Labels, policy.Selector!.Labels))
                {
                    continue;
                }

                var what = shared is null ? "the same labels" : $"{shared.Kind} {shared.Name}";
                yield return RuleContext.Report(Rule, policy, policy.NameSpan,
                    $"PeerAuthentication {policy.Namespace}/{policy.Name} selects {what} like {earlier.Namespace}/{earlier.Name}; istiod applies only the oldest workload policy.",
                    new RelatedLocation(earlier.NameSpan, "the other PeerAuthentication selecting the workload", earlier.Ref));
                break;
            }
        }
    }

    private static bool SameLabels(LabelSet a, LabelSet b) => a.IsSubsetOf(b) && b.IsSubsetOf(a);

    private static Workload? SharedWorkload(PeerAuthentication a, PeerAuthentication b, Core.Index.MeshIndex index) =>
        index.WorkloadsIn(a.Namespace ?? "default").FirstOrDefault(w =>
            IstioPolicies.Applies(a.Selector, a.Namespace, w, index.Settings) && IstioPolicies.Applies(b.Selector, b.Namespace, w, index.Settings));
}
