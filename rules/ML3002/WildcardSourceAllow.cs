using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class WildcardSourceAllow : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3002",
        Name: "WildcardSourceAllow",
        Mesh: Mesh.Consul,
        Category: Category.Security,
        Title: "ServiceIntentions allows any source to call a service",
        Description: "A source named \"*\" with an unconditional allow (action: allow, or an allow permission without an HTTP or JWT condition) lets every service in the mesh, and with peering every imported identity, call the destination. The destination looks protected because it has intentions, yet none of them restricts who calls it. Entries that require a JWT (spec.jwt) are not reported.",
        Remediation: "List the callers by name. If the service is meant to be open inside the mesh, require a JWT or narrow the allow to the paths and methods that must be open, and record the reason in a suppression.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["ServiceIntentions"],
        SecuritySeverity: 6.5,
        Tags: ["intentions", "authorization", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var intentions in context.Index.OfType<ServiceIntentions>())
        {
            if (intentions.DestinationName is not { } destination || destination == "*" || intentions.JwtSpan is not null)
            {
                continue;
            }

            foreach (var source in intentions.Sources)
            {
                if (!source.IsWildcard || source.Namespace is { Value: not "*" } || source.Name is not { } name)
                {
                    continue;
                }

                var unconditional = source.Action?.Value == "allow"
                    || source.Permissions.Any(p => p.Action?.Value == "allow" && !p.HasJwt && (p.Http is null || p.Http.MatchesEverything));
                if (unconditional)
                {
                    yield return RuleContext.Report(Rule, intentions, name.Span,
                        $"ServiceIntentions {intentions.Name} allows every source (\"*\") to call {destination}.");
                }
            }
        }
    }
}
