using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class AllowWithOnlyNegativeMatch : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1104",
        Name: "AllowWithOnlyNegativeMatch",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "ALLOW rule uses only negative matches",
        Description: "An ALLOW rule built only from not-fields (notPaths, notMethods, notNamespaces, notPrincipals, notValues...) allows everything except a list: a new path, a new namespace, or a path spelled so that normalization does not fold it into the excluded form is allowed. Istio's security best practices recommend ALLOW-with-positive-matching so that a mistake is a 403, not a bypass. A negative field next to a positive one (an exception carved out of an allowed set) is not reported.",
        Remediation: "List what is allowed (paths, methods, namespaces, principals); to block a few things on top of a default-deny set, write a DENY policy with positive matches.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["AuthorizationPolicy"],
        SecuritySeverity: 6.5,
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
                var fields = IstioAuthorization.Fields(rule).ToList();
                if (fields.Count == 0 || !fields.All(f => f.IsNegative))
                {
                    continue;
                }

                var first = fields[0];
                var name = first.Section == "when" ? $"notValues of {first.Name}" : first.Name;
                yield return RuleContext.Report(Rule, policy, first.At.Span,
                    $"ALLOW rule of AuthorizationPolicy {policy.Namespace}/{policy.Name} matches only by exclusion ({name}), so every request it does not foresee is allowed.");
            }
        }
    }
}
