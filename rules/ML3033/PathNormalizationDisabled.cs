using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class PathNormalizationDisabled : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3033",
        Name: "PathNormalizationDisabled",
        Mesh: Mesh.Consul,
        Category: Category.Security,
        Title: "Mesh disables HTTP path normalization",
        Description: "Path-based L7 intentions compare the request path. With http.incoming.requestNormalization.insecureDisablePathNormalization: true, paths such as /admin/../public or /%61dmin reach the application un-normalized, so an intention on /admin can be bypassed.",
        Remediation: "Remove insecureDisablePathNormalization; consider mergeSlashes: true and pathWithEscapedSlashesAction: REJECT_REQUEST.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Mesh"],
        SecuritySeverity: 6.5,
        Tags: ["intentions", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        if (context.Index.Consul.Mesh is { InsecureDisablePathNormalization: { Value: true } flag } mesh)
        {
            yield return RuleContext.Report(Rule, mesh, flag.Span,
                "Mesh sets requestNormalization.insecureDisablePathNormalization: true, so path-based L7 intentions can be bypassed with un-normalized paths.") with
            {
                Fixes = [new Fix("Normalize request paths", [new Replacement(flag.Span, "false")])],
            };
        }
    }
}
