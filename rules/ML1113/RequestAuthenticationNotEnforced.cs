using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class RequestAuthenticationNotEnforced : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1113",
        Name: "RequestAuthenticationNotEnforced",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "RequestAuthentication tokens are validated but never required",
        Description: "A RequestAuthentication only says how to validate a JWT if the request carries one: an invalid token is rejected, a missing token passes as anonymous. Requiring a token takes an AuthorizationPolicy (ALLOW with requestPrincipals or a request.auth.* condition, or DENY with notRequestPrincipals). Without one, the API looks protected while any caller reaches it by leaving the token out.",
        Remediation: "Add requestPrincipals (e.g. [\"https://issuer.example.com/*\"], or [\"*\"] for any valid token) to the workload's ALLOW rules, or a DENY policy with notRequestPrincipals: [\"*\"], keeping explicit exceptions such as health checks.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["RequestAuthentication", "AuthorizationPolicy", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "ConfigMap", "IstioOperator"],
        SecuritySeverity: 6.5,
        Tags: ["jwt", "authorization", "security"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var requiring = index.OfType<AuthorizationPolicy>()
            .Where(p => p.TargetRefs.IsDefaultOrEmpty && p.Rules.SelectMany(IstioAuthorization.Fields).Any(IstioAuthorization.IsRequestIdentity))
            .ToList();
        foreach (var authentication in index.OfType<RequestAuthentication>())
        {
            if (!authentication.TargetRefs.IsDefaultOrEmpty || authentication.JwtRules.IsEmpty)
            {
                continue;
            }

            var workloads = IstioPolicies.WorkloadsOf(authentication.Selector, authentication.Namespace, index).ToList();
            if (workloads.Count == 0 && authentication.Selector is { Labels.IsEmpty: false } && !index.WorkloadsIn(authentication.Namespace ?? "default").IsEmpty)
            {
                // A selector matching none of the namespace's workloads is ML1107's finding.
                continue;
            }

            var enforced = workloads.Count > 0
                ? workloads.Any(w => requiring.Any(p => IstioPolicies.Applies(p.Selector, p.Namespace, w, context.Settings)))
                : requiring.Any(p => p.Namespace == authentication.Namespace || p.Namespace == context.Settings.IstioRootNamespace);
            if (enforced)
            {
                continue;
            }

            var at = authentication.Spec?.KeyNode("jwtRules")?.Span ?? authentication.SpecSpan;
            yield return RuleContext.Report(Rule, authentication, at,
                $"RequestAuthentication {authentication.Namespace}/{authentication.Name} validates tokens, but no AuthorizationPolicy on its workloads requires one (requestPrincipals, notRequestPrincipals or request.auth.*), so requests without a token are accepted.");
        }
    }
}
