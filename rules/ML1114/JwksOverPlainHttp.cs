using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class JwksOverPlainHttp : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1114",
        Name: "JwksOverPlainHttp",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "JWT keys are fetched over plain HTTP",
        Description: "istiod downloads the key set that verifies token signatures from jwksUri, or through OpenID discovery under the issuer URL when neither jwksUri nor jwks is set. Over http:// that download is neither authenticated nor integrity-protected: whoever can intercept or spoof it substitutes their own keys and signs tokens with any identity and claims. An http issuer alone is only a string compared with the iss claim and is fine when the keys come from elsewhere.",
        Remediation: "Serve the key set over HTTPS and point jwksUri at it, or embed the keys in jwks.",
        DefaultSeverity: Severity.Error,
        Inputs: ["RequestAuthentication"],
        SecuritySeverity: 7.4,
        Tags: ["jwt", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var authentication in context.Index.OfType<RequestAuthentication>())
        {
            foreach (var jwt in authentication.JwtRules)
            {
                if (jwt.JwksUri is { } uri && IsPlainHttp(uri.Value))
                {
                    yield return RuleContext.Report(Rule, authentication, uri.Span,
                        $"RequestAuthentication {authentication.Namespace}/{authentication.Name} fetches signing keys from {uri.Value} over plain HTTP.");
                }
                else if (jwt.JwksUri is null && !jwt.HasInlineJwks && jwt.Issuer is { } issuer && IsPlainHttp(issuer.Value))
                {
                    yield return RuleContext.Report(Rule, authentication, issuer.Span,
                        $"RequestAuthentication {authentication.Namespace}/{authentication.Name} has no jwksUri or jwks, so the keys are discovered from issuer {issuer.Value} over plain HTTP.");
                }
            }
        }
    }

    private static bool IsPlainHttp(string url) => url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
}
