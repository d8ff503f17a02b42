using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class AllowFromAnyPeer : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1103",
        Name: "AllowFromAnyPeer",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "ALLOW rule admits any mesh identity to everything",
        Description: "In an ALLOW rule, principals: [\"*\"] means any peer with a mesh certificate and namespaces: [\"*\"] a peer from any namespace. Alone, without an operation or condition, such a source lets every workload of the mesh (and of any mesh sharing the trust root) call every method, path and port of the selected workloads, and makes the other ALLOW policies on them pointless.",
        Remediation: "Name the callers (principals of their service accounts, or their namespaces), or restrict what any authenticated caller may do with to.operation (methods, paths, ports) or when conditions.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["AuthorizationPolicy"],
        SecuritySeverity: 5.3,
        Tags: ["authorization", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var policy in context.Index.OfType<AuthorizationPolicy>())
        {
            if (policy.Action != "ALLOW")
            {
                continue;
            }

            foreach (var rule in policy.Rules)
            {
                if (rule.To.Any(c => !c.IsEmpty) || !rule.When.IsEmpty)
                {
                    continue;
                }

                var anyPeer = rule.From
                    .Where(c => !c.IsEmpty && c.Fields.Where(f => !f.Values.IsEmpty).All(f => f.Field.Value is "principals" or "namespaces" && f.Values.All(v => v.Value == "*")))
                    .Select(c => c.Fields.First(f => !f.Values.IsEmpty))
                    .FirstOrDefault();
                if (anyPeer is not null)
                {
                    yield return RuleContext.Report(Rule, policy, anyPeer.Field.Span,
                        $"ALLOW rule of AuthorizationPolicy {policy.Namespace}/{policy.Name} admits {anyPeer.Field.Value} [\"*\"] with no operation or condition, so any mesh workload may call everything it protects.");
                }
            }
        }
    }
}
