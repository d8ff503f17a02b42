using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class MalformedPrincipal : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1112",
        Name: "MalformedPrincipal",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "AuthorizationPolicy principal is not a mesh identity",
        Description: "principals and notPrincipals are compared with the caller's SPIFFE identity without its scheme: <trust domain>/ns/<namespace>/sa/<service account>, optionally with a leading or trailing *. Istio adds spiffe:// itself, so a value copied from a certificate (spiffe://cluster.local/ns/...) never matches, and neither does a bare service account name. An ALLOW rule then denies its caller and a DENY rule blocks nobody.",
        Remediation: "Write the identity without the scheme, e.g. cluster.local/ns/web/sa/frontend (or */ns/web/sa/frontend for any trust domain), or use namespaces when any workload of a namespace may call.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["AuthorizationPolicy"],
        SecuritySeverity: 5.0,
        Tags: ["authorization", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var policy in context.Index.OfType<AuthorizationPolicy>())
        {
            foreach (var field in policy.Rules.SelectMany(r => r.From).SelectMany(c => c.Fields).Where(f => f.Field.Value is "principals" or "notPrincipals"))
            {
                foreach (var value in field.Values)
                {
                    var principal = value.Value;
                    string? problem = principal.StartsWith("spiffe://", StringComparison.OrdinalIgnoreCase)
                        ? "Istio adds the spiffe:// scheme itself, so this never matches"
                        : !principal.Contains('*', StringComparison.Ordinal) && !IstioAuthorization.TryParsePrincipal(principal, out _, out _, out _)
                            ? "a principal has the form <trust domain>/ns/<namespace>/sa/<service account>"
                            : null;
                    if (problem is not null)
                    {
                        yield return RuleContext.Report(Rule, policy, value.Span,
                            $"AuthorizationPolicy {policy.Namespace}/{policy.Name} lists principal \"{principal}\" in {field.Field.Value}: {problem}.");
                    }
                }
            }
        }
    }
}
