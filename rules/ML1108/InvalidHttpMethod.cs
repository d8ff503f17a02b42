using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class InvalidHttpMethod : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1108",
        Name: "InvalidHttpMethod",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "AuthorizationPolicy method is not an HTTP method",
        Description: "methods and notMethods are compared with the request's HTTP method exactly and case-sensitively (only *, and a leading or trailing * for suffix or prefix matching, are patterns). A value such as get, \"GET,POST\" in one string, or a gRPC method name (which belongs in paths; gRPC always uses POST) never matches: an ALLOW rule denies its intended callers, a DENY rule lets through what it should block. Upper-case extension methods (PURGE, PROPFIND) are valid.",
        Remediation: "Write one upper-case method per list entry; match gRPC calls with paths: [\"/package.Service/Method\"].",
        DefaultSeverity: Severity.Warning,
        Inputs: ["AuthorizationPolicy"],
        SecuritySeverity: 5.0,
        Equivalents: ["KIA0102"],
        Tags: ["authorization", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var policy in context.Index.OfType<AuthorizationPolicy>())
        {
            foreach (var field in policy.Rules.SelectMany(r => r.To).SelectMany(c => c.Fields).Where(f => f.Field.Value is "methods" or "notMethods"))
            {
                foreach (var value in field.Values)
                {
                    if (Problem(value.Value) is { } problem)
                    {
                        yield return RuleContext.Report(Rule, policy, value.Span,
                            $"AuthorizationPolicy {policy.Namespace}/{policy.Name} lists \"{value.Value}\" in {field.Field.Value}, which never matches a request: {problem}.");
                    }
                }
            }
        }
    }

    private static string? Problem(string method)
    {
        if (method == "*")
        {
            return null;
        }

        if (method.StartsWith('/'))
        {
            return "gRPC methods are matched with paths (gRPC requests all use POST)";
        }

        var token = method.StartsWith('*') ? method[1..] : method.EndsWith('*') ? method[..^1] : method;
        if (token.Length == 0 || token.Contains('*', StringComparison.Ordinal))
        {
            return "only a single leading or trailing * is a pattern";
        }

        if (token.Any(c => c is ',' or ' ' or ';' or '|'))
        {
            return "each method must be its own list entry";
        }

        if (token.Any(char.IsLower))
        {
            return $"methods are case-sensitive, use {token.ToUpperInvariant()}";
        }

        return token.All(c => c is (>= 'A' and <= 'Z') or '-' or '_') ? null : "an HTTP method is an upper-case token";
    }
}
