using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class AuthenticationRejected : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2014",
        Name: "AuthenticationRejected",
        Mesh: Mesh.Linkerd,
        Category: Category.Configuration,
        Title: "Authentication or network list the policy webhook rejects",
        Description: "The policy webhook and the CRD schema reject a `MeshTLSAuthentication` whose identities are neither DNS-like names nor valid SPIFFE IDs, that sets both `identities` and `identityRefs`, whose `identityRefs` name anything but ServiceAccounts and Namespaces, or whose Namespace ref carries a namespace. For `NetworkAuthentication` and `EgressNetwork` it rejects an empty network list, an `except` outside its `cidr` or covering all of it, and a malformed CIDR.",
        Remediation: "Write identities as `<sa>.<ns>.serviceaccount.identity.linkerd.<trust-domain>` (or `spiffe://<td>/<path>` without a trailing slash), use either `identities` or `identityRefs`, and make each `except` a strict sub-range of its `cidr`.",
        DefaultSeverity: Severity.Error,
        Inputs: ["MeshTLSAuthentication", "NetworkAuthentication", "EgressNetwork"],
        Tags: ["admission"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var obj in context.Index.OfType<MeshTlsAuthentication>())
        {
            foreach (var problem in LinkerdAdmission.MeshTlsProblems(obj))
            {
                yield return RuleContext.Report(Rule, obj, problem.Span, $"{obj.Kind} {obj.Name}: {problem.Message}.");
            }
        }

        foreach (var obj in context.Index.OfType<NetworkAuthentication>())
        {
            foreach (var problem in LinkerdAdmission.NetworkAuthenticationProblems(obj))
            {
                yield return RuleContext.Report(Rule, obj, problem.Span, $"{obj.Kind} {obj.Name}: {problem.Message}.");
            }
        }

        foreach (var obj in context.Index.OfType<EgressNetwork>())
        {
            foreach (var problem in LinkerdAdmission.EgressNetworkProblems(obj))
            {
                yield return RuleContext.Report(Rule, obj, problem.Span, $"{obj.Kind} {obj.Name}: {problem.Message}.");
            }
        }
    }
}
