using System.Text.RegularExpressions;
using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed partial class IdentityServiceAccountNotFound : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2024",
        Name: "IdentityServiceAccountNotFound",
        Mesh: Mesh.Linkerd,
        Category: Category.Security,
        Title: "Identity names a ServiceAccount not found in its namespace",
        Description: "Mesh identities are derived from ServiceAccounts. An identity, identityRef or ServiceAccount ref that names an account nobody runs as (often a typo) authorizes nobody today, and authorizes whoever later creates an account of that name. The rule only looks at namespaces whose ServiceAccounts are in the scanned files, and treats `default` and the accounts named by pod templates as existing.",
        Remediation: "Correct the ServiceAccount name or namespace, or create the ServiceAccount the workload runs as.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["MeshTLSAuthentication", "AuthorizationPolicy", "ServerAuthorization", "HTTPLocalRateLimitPolicy", "ServiceAccount", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "HelmValues", "HelmRelease"],
        SecuritySeverity: 3.0,
        ClosedWorld: true,
        IncompleteSeverity: Severity.Note,
        Tags: ["identity"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var accounts = index.OfType<ServiceAccount>().GroupBy(a => a.Namespace ?? "default").ToDictionary(g => g.Key, g => g.Select(a => a.Name).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var usedByPods = index.OfType<Workload>().Select(w => (Ns: w.Namespace ?? "default", Sa: w.Template.ServiceAccount)).ToHashSet();

        foreach (var (owner, name, ns, span) in References(index))
        {
            if (name == "default" || usedByPods.Contains((ns, name)))
            {
                continue;
            }

            var known = accounts.GetValueOrDefault(ns);
            if ((known is null && !context.Settings.Complete) || (known?.Contains(name) ?? false) || ClosedWorld.IsExternal(context.Settings, ns, name))
            {
                continue;
            }

            yield return context.ReportMissing(Rule, owner, span,
                $"No ServiceAccount {name} was found in namespace {ns} in the scanned files ({known?.Count ?? 0} ServiceAccount(s) there, none used by a pod under that name); the identity matches no workload.");
        }
    }

    private static IEnumerable<(MeshObject Owner, string Name, string Namespace, SourceSpan Span)> References(MeshIndex index)
    {
        foreach (var authentication in index.OfType<MeshTlsAuthentication>())
        {
            foreach (var identity in authentication.Identities)
            {
                if (Parse(identity.Value) is { } parsed)
                {
                    yield return (authentication, parsed.Sa, parsed.Ns, identity.Span);
                }
            }

            foreach (var reference in authentication.IdentityRefs.Where(r => r.Targets(string.Empty, "ServiceAccount")))
            {
                yield return (authentication, reference.NameValue, reference.Namespace?.Value ?? authentication.Namespace ?? "default", reference.NameSpan);
            }
        }

        foreach (var authorization in index.OfType<LinkerdAuthorizationPolicy>())
        {
            foreach (var reference in authorization.RequiredAuthenticationRefs.Where(r => r.Targets(string.Empty, "ServiceAccount")))
            {
                yield return (authorization, reference.NameValue, reference.Namespace?.Value ?? authorization.Namespace ?? "default", reference.NameSpan);
            }
        }

        foreach (var authorization in index.OfType<ServerAuthorization>())
        {
            if (authorization.Client?.MeshTls is not { } mtls)
            {
                continue;
            }

            foreach (var account in mtls.ServiceAccounts)
            {
                yield return (authorization, account.NameValue, account.Namespace?.Value ?? authorization.Namespace ?? "default", account.NameSpan);
            }

            foreach (var identity in mtls.Identities)
            {
                if (Parse(identity.Value) is { } parsed)
                {
                    yield return (authorization, parsed.Sa, parsed.Ns, identity.Span);
                }
            }
        }

        foreach (var limit in index.OfType<HttpLocalRateLimitPolicy>())
        {
            foreach (var reference in limit.Overrides.SelectMany(o => o.ClientRefs).Where(r => r.Targets(string.Empty, "ServiceAccount")))
            {
                yield return (limit, reference.NameValue, reference.Namespace?.Value ?? limit.Namespace ?? "default", reference.NameSpan);
            }
        }
    }

    private static (string Sa, string Ns)? Parse(string identity)
    {
        var match = IdentityPattern().Match(identity);
        return match.Success ? (match.Groups["sa"].Value, match.Groups["ns"].Value) : null;
    }

    [GeneratedRegex(@"^(?<sa>[a-z0-9][-a-z0-9.]*)\.(?<ns>[a-z0-9][-a-z0-9]*)\.serviceaccount\.identity\.")]
    private static partial Regex IdentityPattern();
}
