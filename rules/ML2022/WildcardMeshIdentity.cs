using MeshLint.Core.Model;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class WildcardMeshIdentity : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2022",
        Name: "WildcardMeshIdentity",
        Mesh: Mesh.Linkerd,
        Category: Category.Security,
        Title: "Mesh identity wildcard admits every meshed client",
        Description: "In a `MeshTLSAuthentication`, the identity `*` matches every meshed client, and a `*.` prefix matches every identity under that suffix: `*.cluster.local` or `*.serviceaccount.identity.linkerd.cluster.local` admit every workload of the trust domain (and, with multicluster, of linked clusters). `meshTLS.unauthenticatedTLS: true` in a ServerAuthorization admits any TLS client without checking its identity. A namespace-scoped wildcard (`*.<ns>.serviceaccount.identity.linkerd.<td>`) is not reported.",
        Remediation: "List the calling identities, or use `identityRefs` to ServiceAccounts or to a Namespace.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["MeshTLSAuthentication", "ServerAuthorization"],
        SecuritySeverity: 5.0,
        Tags: ["authorization", "identity"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var authentication in context.Index.OfType<MeshTlsAuthentication>())
        {
            if (LinkerdAdmission.MeshTlsProblems(authentication).Count > 0)
            {
                continue;
            }

            foreach (var identity in authentication.Identities)
            {
                if (Wildcard(identity.Value) is { } scope)
                {
                    yield return RuleContext.Report(Rule, authentication, identity.Span, $"Identity \"{identity.Value}\" in MeshTLSAuthentication {authentication.Name} matches {scope}.");
                }
            }
        }

        foreach (var authorization in context.Index.OfType<ServerAuthorization>())
        {
            if (LinkerdAdmission.ServerAuthorizationProblems(authorization).Count > 0 || authorization.Client?.MeshTls is not { } mtls)
            {
                continue;
            }

            if (mtls.UnauthenticatedTls is { Value: true } tls)
            {
                yield return RuleContext.Report(Rule, authorization, tls.Span, $"ServerAuthorization {authorization.Name} sets unauthenticatedTLS: any TLS client is admitted without its identity being checked.");
            }

            foreach (var identity in mtls.Identities)
            {
                if (Wildcard(identity.Value) is { } scope)
                {
                    yield return RuleContext.Report(Rule, authorization, identity.Span, $"Identity \"{identity.Value}\" in ServerAuthorization {authorization.Name} matches {scope}.");
                }
            }
        }
    }

    /// <summary>What a wildcard admits; null for exact identities and namespace-scoped wildcards.</summary>
    private static string? Wildcard(string identity)
    {
        if (identity == "*")
        {
            return "every meshed client";
        }

        if (!identity.StartsWith("*.", StringComparison.Ordinal))
        {
            return null;
        }

        var suffix = identity[2..];
        var labels = suffix.Split('.');

        // *.<ns>.serviceaccount.identity.<...> is limited to one namespace, like an identityRef to a Namespace.
        if (labels.Length >= 4 && labels[1] == "serviceaccount" && labels[2] == "identity")
        {
            return null;
        }

        return $"every meshed identity ending in .{suffix}, across namespaces (and linked clusters)";
    }
}
