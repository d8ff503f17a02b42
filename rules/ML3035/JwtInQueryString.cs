using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class JwtInQueryString : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3035",
        Name: "JwtInQueryString",
        Mesh: Mesh.Consul,
        Category: Category.Security,
        Title: "JWT provider reads tokens from the query string",
        Description: "A JWTProvider location of type queryParam accepts bearer tokens in the URL. URLs end up in access logs, browser history, proxies and Referer headers, so tokens leak and can be replayed until they expire.",
        Remediation: "Read tokens from the Authorization header (or a cookie for browsers) and remove the queryParam location.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["JWTProvider"],
        SecuritySeverity: 4.0,
        Tags: ["jwt", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var provider in context.Index.OfType<JwtProvider>())
        {
            foreach (var location in provider.Locations)
            {
                if (location.Type.Value == "queryParam")
                {
                    yield return RuleContext.Report(Rule, provider, location.Span,
                        $"JWTProvider {provider.Name} accepts tokens in the query parameter {location.Name?.Value ?? "(unnamed)"}, where URLs leak them to logs.");
                }
            }
        }
    }
}
