using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class PathPoliciesWithoutPathNormalization : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1120",
        Name: "PathPoliciesWithoutPathNormalization",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "AuthorizationPolicy matches paths while the mesh does not normalize paths",
        Description: "AuthorizationPolicy paths and notPaths are compared with the request path as the proxy sees it. With the mesh config's pathNormalization NONE the raw path is compared and forwarded: /admin/../admin, //admin or /%61dmin do not equal /admin for the policy, while most applications resolve them to /admin, so a DENY on /admin is bypassed and an ALLOW on /public/* admits /public/../admin.",
        Remediation: "Set meshConfig.pathNormalization.normalization to BASE or stricter (MERGE_SLASHES, DECODE_AND_MERGE_SLASHES), matching how the applications interpret paths, and test the policies with encoded and dotted paths.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["AuthorizationPolicy", "ConfigMap", "IstioOperator"],
        SecuritySeverity: 6.0,
        Tags: ["authorization", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        if (context.Index.MeshConfig.PathNormalization is not { Text: "NONE" } normalization)
        {
            yield break;
        }

        foreach (var policy in context.Index.OfType<AuthorizationPolicy>())
        {
            var paths = policy.Rules.SelectMany(r => r.To).SelectMany(c => c.Fields).FirstOrDefault(f => f.Field.Value is "paths" or "notPaths" && !f.Values.IsEmpty);
            if (paths is not null)
            {
                yield return RuleContext.Report(Rule, policy, paths.Field.Span,
                    $"AuthorizationPolicy {policy.Namespace}/{policy.Name} matches {paths.Field.Value} while the mesh config sets pathNormalization NONE, so encoded, dotted or doubled-slash spellings of a path slip past it.",
                    new RelatedLocation(normalization.Span, "path normalization is turned off here", normalization.Source.Object.Ref));
            }
        }
    }
}
