using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class IntentionAllowAllToAll : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3001",
        Name: "IntentionAllowAllToAll",
        Mesh: Mesh.Consul,
        Category: Category.Security,
        Title: "ServiceIntentions allows every service to call every service",
        Description: "A ServiceIntentions entry for destination \"*\" that allows source \"*\" (by action or by an allow permission) is the mesh-wide default: every service, and with peering every imported identity, may call every other service unless a more precise intention denies it. Intentions then only work as a deny list, and one compromised workload reaches the whole mesh.",
        Remediation: "Make the \"*\" -> \"*\" intention deny (action: deny) and give each destination its own ServiceIntentions that lists the sources it expects.",
        DefaultSeverity: Severity.Error,
        Inputs: ["ServiceIntentions"],
        SecuritySeverity: 8.5,
        Tags: ["intentions", "authorization", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var intentions in context.Index.OfType<ServiceIntentions>())
        {
            if (!intentions.HasWildcardDestination)
            {
                continue;
            }

            foreach (var source in intentions.Sources)
            {
                if (!source.IsWildcard || source.Namespace is { Value: not "*" } || source.Name is not { } name)
                {
                    continue;
                }

                if (source.Action?.Value == "allow")
                {
                    var finding = RuleContext.Report(Rule, intentions, name.Span,
                        $"ServiceIntentions {intentions.Name} allows source \"*\" to call destination \"*\", so every service in the mesh may call every other service.");
                    yield return finding with
                    {
                        Fixes = [new Fix("Deny by default (action: deny)", [new Replacement(source.Action.Value.Span, "deny")])],
                    };
                }
                else if (source.Permissions.Any(p => p.Action?.Value == "allow"))
                {
                    yield return RuleContext.Report(Rule, intentions, name.Span,
                        $"ServiceIntentions {intentions.Name} gives source \"*\" an allow permission on destination \"*\", so every service in the mesh may send those requests to every other service.");
                }
            }
        }
    }
}
