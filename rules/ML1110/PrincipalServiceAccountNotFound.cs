using MeshLint.Core.Model.Istio;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class PrincipalServiceAccountNotFound : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1110",
        Name: "PrincipalServiceAccountNotFound",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "AuthorizationPolicy principal names a service account no workload uses",
        Description: "A principal is the identity in the caller's certificate, <trust domain>/ns/<namespace>/sa/<service account>, derived from the pod's serviceAccountName (default when unset), not from the workload or Service name. A principal naming a service account no workload of that namespace runs as matches no caller: the intended client is denied (ALLOW) or not blocked (DENY), and any pod later started with that service account inherits the access. Judged when the files hold the principal namespace's workloads and ServiceAccounts, and neither has that name.",
        Remediation: "Use the service account the calling pods actually run as, or give the calling workload a dedicated service account with that name.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["AuthorizationPolicy", "ServiceAccount", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        SecuritySeverity: 4.5,
        Equivalents: ["KIA0106"],
        Tags: ["authorization", "security"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var policy in index.OfType<AuthorizationPolicy>())
        {
            foreach (var field in policy.Rules.SelectMany(r => r.From).SelectMany(c => c.Fields).Where(f => f.Field.Value is "principals" or "notPrincipals"))
            {
                foreach (var value in field.Values)
                {
                    if (!IstioAuthorization.TryParsePrincipal(value.Value, out _, out var ns, out var account))
                    {
                        continue;
                    }

                    // The files must manage the namespace's identities: its workloads and its ServiceAccounts.
                    var workloads = index.WorkloadsIn(ns);
                    var accounts = index.InNamespace<ServiceAccount>(ns).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
                    if (workloads.IsEmpty || accounts.Count == 0 || accounts.Contains(account) || workloads.Any(w => w.Template.ServiceAccount == account))
                    {
                        continue;
                    }

                    var used = workloads.Select(w => w.Template.ServiceAccount).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
                    yield return RuleContext.Report(Rule, policy, value.Span,
                        $"AuthorizationPolicy {policy.Namespace}/{policy.Name} names service account {account} of namespace {ns}, but no workload there runs as it (they run as {RuleText.List(used)}).");
                }
            }
        }
    }
}
