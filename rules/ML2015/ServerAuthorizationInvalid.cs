using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class ServerAuthorizationInvalid : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2015",
        Name: "ServerAuthorizationInvalid",
        Mesh: Mesh.Linkerd,
        Category: Category.Configuration,
        Title: "ServerAuthorization that is rejected or authorizes no client",
        Description: "The webhook rejects a `ServerAuthorization` whose client is both `unauthenticated: true` and `meshTLS`, or whose `meshTLS` sets `unauthenticatedTLS` together with identities or service accounts. A client with neither `unauthenticated` nor `meshTLS`, or a `meshTLS` with no identity, is accepted but the policy controller cannot build it (\"no client authentication configured\", \"authorization authorizes no clients\") and ignores it, so the Server it selects keeps denying.",
        Remediation: "Choose one kind of client: `unauthenticated: true` (optionally with `networks`), `meshTLS.unauthenticatedTLS: true`, or `meshTLS` with `identities` / `serviceAccounts`. Consider moving to `AuthorizationPolicy`, which supersedes ServerAuthorization.",
        DefaultSeverity: Severity.Error,
        Inputs: ["ServerAuthorization"],
        Tags: ["admission"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var obj in context.Index.OfType<ServerAuthorization>())
        {
            foreach (var problem in LinkerdAdmission.ServerAuthorizationProblems(obj))
            {
                yield return RuleContext.Report(Rule, obj, problem.Span, $"{obj.Kind} {obj.Name}: {problem.Message}.");
            }
        }
    }
}
