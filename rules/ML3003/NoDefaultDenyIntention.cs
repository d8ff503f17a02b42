using MeshLint.Core.Model.Consul;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class NoDefaultDenyIntention : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3003",
        Name: "NoDefaultDenyIntention",
        Mesh: Mesh.Consul,
        Category: Category.Security,
        Title: "No default-deny intention in view",
        Description: "When no intention matches a connection, Consul falls back to the ACL default policy. The Consul Helm chart leaves global.acls.manageSystemACLs false, so unless ACLs are on (default_policy deny) or a \"*\" -> \"*\" deny intention exists, unmatched traffic is allowed and allow intentions restrict nothing. With the Helm values in view the finding sits on manageSystemACLs (a warning); without them the rule assumes the chart defaults and reports each namespace with meshed workloads (a note, closed-world; a warning when mesh.complete is true or .meshlint.yaml states ACLs off).",
        Remediation: "Add a ServiceIntentions with destination \"*\" and a source \"*\" with action: deny, or install Consul with global.acls.manageSystemACLs: true. If the default deny is configured elsewhere, declare consul.aclsEnabled in .meshlint.yaml.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["ServiceIntentions", "HelmValues", "HelmRelease", "Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        SecuritySeverity: 5.0,
        Tags: ["intentions", "authorization", "security", "closed-world"],
        ClosedWorld: true,
        IncompleteSeverity: Severity.Note);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        if (index.OfType<ServiceIntentions>().Any(DeniesByDefault))
        {
            yield break;
        }

        var acls = index.Consul.Settings.AclsEnabled;
        if (acls.Value)
        {
            yield break;
        }

        if (acls is { Origin: { } values, Source: { } setting })
        {
            yield return RuleContext.Report(Rule, values, setting.Span,
                "The Consul Helm values leave ACLs off (global.acls.manageSystemACLs is not true) and no \"*\" -> \"*\" deny ServiceIntentions is in view, so connections that no intention matches are allowed.");
            yield break;
        }

        foreach (var ns in index.NamespaceNames)
        {
            var meshed = index.WorkloadsIn(ns).Where(w => ConsulInjection.IsMeshed(w, index)).ToList();
            if (meshed.Count == 0)
            {
                continue;
            }

            var names = string.Join(", ", meshed.Take(3).Select(w => w.Name)) + (meshed.Count > 3 ? ", ..." : string.Empty);
            var assumption = acls.Stated
                ? "ACLs are off (.meshlint.yaml)"
                : "no Consul Helm values were found in the scanned files; assuming the chart default (ACLs off)";
            var message = $"No \"*\" -> \"*\" deny ServiceIntentions is in view and {assumption}, so connections to the {meshed.Count} meshed workload(s) of namespace {ns} ({names}) that no intention matches are allowed.";
            var finding = index.Namespace(ns) is { } declared
                ? context.ReportMissing(Rule, declared, declared.NameSpan, message)
                : context.ReportMissing(Rule, meshed[0], meshed[0].Header.DeclaredNamespace?.Span ?? meshed[0].NameSpan, message);
            yield return acls.Stated ? finding with { Severity = Rule.DefaultSeverity } : finding;
        }
    }

    /// <summary>A "*" -> "*" intention whose wildcard source is denied.</summary>
    private static bool DeniesByDefault(ServiceIntentions intentions) =>
        intentions.HasWildcardDestination
        && intentions.Sources.Any(s => s.IsWildcard && s.Namespace is null or { Value: "*" } && s.Action?.Value == "deny");
}
