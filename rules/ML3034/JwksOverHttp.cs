using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class JwksOverHttp : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3034",
        Name: "JwksOverHttp",
        Mesh: Mesh.Consul,
        Category: Category.Security,
        Title: "JWT provider fetches keys over plain HTTP",
        Description: "A JWTProvider whose jsonWebKeySet.remote.uri uses http:// fetches the signing keys in plaintext. Anyone on the path can substitute their own keys and mint tokens that every JWT intention accepts.",
        Remediation: "Use an https:// JWKS URI (with jwksCluster.tlsCertificates when the issuer uses a private CA).",
        DefaultSeverity: Severity.Warning,
        Inputs: ["JWTProvider"],
        SecuritySeverity: 7.0,
        Tags: ["jwt", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var provider in context.Index.OfType<JwtProvider>())
        {
            if (provider.RemoteJwksUri is { } uri && uri.Value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            {
                yield return RuleContext.Report(Rule, provider, uri.Span,
                    $"JWTProvider {provider.Name} fetches its signing keys from {uri.Value} over plain HTTP.");
            }
        }
    }
}
