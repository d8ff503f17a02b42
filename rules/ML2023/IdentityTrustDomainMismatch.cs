using System.Text.RegularExpressions;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed partial class IdentityTrustDomainMismatch : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2023",
        Name: "IdentityTrustDomainMismatch",
        Mesh: Mesh.Linkerd,
        Category: Category.Security,
        Title: "Mesh identity uses another trust domain",
        Description: "Linkerd identities have the form `<sa>.<ns>.serviceaccount.identity.<control-plane-ns>.<trust-domain>`, where the trust domain is the Helm value `identityTrustDomain` (by default `clusterDomain`, usually `cluster.local`). An identity written with another trust domain matches no client of this cluster, so the authorization grants nothing. The rule runs only when the Linkerd Helm values in the scanned files (or the MeshLint configuration) say what the trust domain is.",
        Remediation: "Write the identity with the cluster's trust domain, or use `identityRefs` to ServiceAccounts, which Linkerd expands with the right domain.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["MeshTLSAuthentication", "ServerAuthorization", "HelmValues", "HelmRelease"],
        SecuritySeverity: 4.0,
        Tags: ["identity"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var config = LinkerdConfig.Of(context.Index);
        if (config.TrustDomain is not { } trustDomain)
        {
            yield break;
        }

        var where = config.Source is { } source ? $"{source.Kind} {source.Name}" : "the MeshLint configuration";

        var identities = context.Index.OfType<MeshTlsAuthentication>().SelectMany(m => m.Identities.Select(i => ((MeshObject)m, i)))
            .Concat(context.Index.OfType<ServerAuthorization>().SelectMany(a => (a.Client?.MeshTls?.Identities ?? []).Select(i => ((MeshObject)a, i))));
        foreach (var (owner, identity) in identities)
        {
            var match = IdentityPattern().Match(identity.Value);
            if (match.Success && !string.Equals(match.Groups["td"].Value, trustDomain, StringComparison.Ordinal))
            {
                yield return RuleContext.Report(Rule, owner, identity.Span,
                    $"Identity {identity.Value} ends in trust domain {match.Groups["td"].Value}, but the Linkerd control plane ({where}) issues identities in {trustDomain}; it matches no client.");
            }
        }
    }

    [GeneratedRegex(@"^(\*|[^.]+)\.[^.]+\.serviceaccount\.identity\.[^.]+\.(?<td>.+)$")]
    private static partial Regex IdentityPattern();
}
