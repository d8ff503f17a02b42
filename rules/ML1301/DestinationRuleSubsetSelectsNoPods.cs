using MeshLint.Core.Model.Istio;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class DestinationRuleSubsetSelectsNoPods : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1301",
        Name: "DestinationRuleSubsetSelectsNoPods",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "DestinationRule subset selects no pods",
        Description: "A subset is the part of the host's endpoints whose pods carry the subset's labels (on top of the Service's selector). When no workload behind the Service has them, the subset's cluster has no endpoints and requests routed to it fail with 503 (no healthy upstream). Reported only when the manifests contain at least one workload behind the Service.",
        Remediation: "Make the subset's labels match the pod template labels of the intended workload, deploy the missing version, or remove the subset.",
        DefaultSeverity: Severity.Error,
        Inputs: ["DestinationRule", "Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "Rollout"],
        Equivalents: ["IST0173", "KIA0203"],
        Tags: ["routing", "subsets"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var rule in index.OfType<DestinationRule>())
        {
            if (rule.Host is not { } host || Hosts.IsWildcard(host.Value) || rule.Subsets.IsEmpty)
            {
                continue;
            }

            var fqdn = Hosts.Resolve(host.Value, rule.Namespace ?? "default", context.Settings.ClusterDomain);
            foreach (var service in index.ServicesByHost(fqdn))
            {
                if (service.Selector is not { IsEmpty: false } selector)
                {
                    continue;
                }

                var pods = index.WorkloadsSelectedBy(service.Namespace ?? "default", selector).ToList();
                if (pods.Count == 0)
                {
                    continue;
                }

                foreach (var subset in rule.Subsets.Where(s => !s.Labels.IsEmpty))
                {
                    if (pods.Any(p => subset.Labels.IsSubsetOf(p.Template.Labels)))
                    {
                        continue;
                    }

                    yield return RuleContext.Report(Rule, rule, subset.Labels.Span,
                        $"Subset {subset.Name.Value} ({subset.Labels}) of host {fqdn} selects none of the pods behind Service {service.Ref.Namespace}/{service.Name} ({RuleText.List(pods.Select(Describe))}).",
                        new RelatedLocation(pods[0].Template.MetadataSpan, $"{pods[0].Ref} pod labels: {pods[0].Template.Labels}", pods[0].Ref));
                }
            }
        }
    }

    private static string Describe(Workload workload) => $"{workload.Name}: {workload.Template.Labels}";
}
