using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class JwtRuleWithoutAudiences : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1116",
        Name: "JwtRuleWithoutAudiences",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "RequestAuthentication accepts tokens for any audience",
        Description: "An identity provider issues tokens for many applications with the same issuer and keys; the aud claim says which application a token is for. A JWT rule without audiences makes the proxy skip the audience check (Envoy's jwt_authn checks audiences only when a list is given), so a token minted for any other client of the issuer is accepted here: token replay across services.",
        Remediation: "List the audiences this service accepts (the client IDs or API identifiers configured in the identity provider) in audiences.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["RequestAuthentication"],
        SecuritySeverity: 5.3,
        Tags: ["jwt", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var authentication in context.Index.OfType<RequestAuthentication>())
        {
            foreach (var jwt in authentication.JwtRules)
            {
                if (jwt.Audiences.IsDefaultOrEmpty)
                {
                    yield return RuleContext.Report(Rule, authentication, jwt.Issuer?.Span ?? jwt.Span,
                        $"JWT rule for issuer {jwt.Issuer?.Value ?? "(none)"} in RequestAuthentication {authentication.Namespace}/{authentication.Name} sets no audiences, so tokens issued for any audience are accepted.");
                }
            }
        }
    }
}
