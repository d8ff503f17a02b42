using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;

namespace MeshLint.Core.Semantics;

/// <summary>
/// One field an AuthorizationPolicy rule sets: a source or operation field, or a <c>when</c> condition, named by its key
/// (<c>request.headers[x-tenant]</c>) and located at it.
/// </summary>
public sealed record RuleField(string Section, string Name, Located<string> At, MatchField Field)
{
    /// <summary>A <c>not</c> field (<c>notPaths</c>, <c>notPrincipals</c>...) or a condition's <c>notValues</c>.</summary>
    public bool IsNegative => Section == "when" ? Field.Field.Value == "notValues" : Name.StartsWith("not", StringComparison.Ordinal);
}

/// <summary>What AuthorizationPolicy fields mean to Istio's authorization filter.</summary>
public static class IstioAuthorization
{
    /// <summary>Source and operation fields Istio can only evaluate on HTTP traffic.</summary>
    public static bool IsHttpOnlyField(string name) =>
        name is "requestPrincipals" or "notRequestPrincipals" or "hosts" or "notHosts" or "methods" or "notMethods" or "paths" or "notPaths";

    /// <summary>Conditions on <c>request.*</c> (headers, JWT claims) need HTTP.</summary>
    public static bool IsHttpOnlyCondition(string key) => key.StartsWith("request.", StringComparison.Ordinal);

    /// <summary>Fields and conditions read from the caller's mTLS certificate.</summary>
    public static bool IsPeerIdentity(RuleField field) =>
        field.Section == "when" ? field.Name is "source.principal" or "source.namespace" : field.Name is "principals" or "notPrincipals" or "namespaces" or "notNamespaces";

    /// <summary>Fields and conditions read from a validated JWT.</summary>
    public static bool IsRequestIdentity(RuleField field) =>
        field.Section == "when" ? field.Name.StartsWith("request.auth.", StringComparison.Ordinal) : field.Name is "requestPrincipals" or "notRequestPrincipals";

    /// <summary>
    /// Every field the rule sets with at least one value, in file order: <c>from</c> sources, <c>to</c> operations, then
    /// <c>when</c> conditions (one entry per <c>values</c>/<c>notValues</c> list, named by the condition key).
    /// </summary>
    public static IEnumerable<RuleField> Fields(AuthorizationRule rule)
    {
        foreach (var clause in rule.From)
        {
            foreach (var field in clause.Fields.Where(f => !f.Values.IsEmpty))
            {
                yield return new RuleField("from", field.Field.Value, field.Field, field);
            }
        }

        foreach (var clause in rule.To)
        {
            foreach (var field in clause.Fields.Where(f => !f.Values.IsEmpty))
            {
                yield return new RuleField("to", field.Field.Value, field.Field, field);
            }
        }

        foreach (var condition in rule.When)
        {
            if (condition.Get("key") is not { Values: [var key, ..] })
            {
                continue;
            }

            foreach (var field in condition.Fields.Where(f => f.Field.Value is "values" or "notValues" && !f.Values.IsEmpty))
            {
                yield return new RuleField("when", key.Value, key, field);
            }
        }
    }

    /// <summary>
    /// The ALLOW and DENY policies applied by selector (not targetRefs) that match on a field <paramref name="matches"/>
    /// accepts, each with the first such field: the policies whose identity fields need something else (mTLS, a
    /// RequestAuthentication) in force to ever match.
    /// </summary>
    public static IEnumerable<(AuthorizationPolicy Policy, RuleField Field)> SelectorPoliciesMatchingOn(IEnumerable<AuthorizationPolicy> policies, Func<RuleField, bool> matches)
    {
        foreach (var policy in policies)
        {
            if (policy.TargetRefs.IsDefaultOrEmpty && policy.Action is ("ALLOW" or "DENY")
                && policy.Rules.SelectMany(Fields).FirstOrDefault(matches) is { } field)
            {
                yield return (policy, field);
            }
        }
    }

    /// <summary>The first field of the rule that only HTTP traffic has, or null.</summary>
    public static RuleField? FirstHttpOnly(AuthorizationRule rule) =>
        Fields(rule).FirstOrDefault(f => f.Section == "when" ? IsHttpOnlyCondition(f.Name) : IsHttpOnlyField(f.Name));

    /// <summary>The ports the rule's operations restrict it to (container ports), or null when it applies to every port.</summary>
    public static IReadOnlySet<long>? Ports(AuthorizationRule rule)
    {
        var ports = rule.To.SelectMany(c => c.Get("ports")?.Values ?? []).ToList();
        if (ports.Count == 0)
        {
            return null;
        }

        return ports.Select(p => long.TryParse(p.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1).Where(n => n > 0).ToHashSet();
    }

    /// <summary>
    /// Splits a principal written as <c>&lt;trust domain&gt;/ns/&lt;namespace&gt;/sa/&lt;service account&gt;</c> (Istio adds the
    /// <c>spiffe://</c> scheme itself). False for wildcards and anything else.
    /// </summary>
    public static bool TryParsePrincipal(string principal, out string trustDomain, out string ns, out string serviceAccount)
    {
        trustDomain = ns = serviceAccount = string.Empty;
        var parts = principal.Split('/');
        if (principal.Contains('*', StringComparison.Ordinal) || parts.Length != 5 || parts[1] != "ns" || parts[3] != "sa"
            || parts.Any(p => p.Length == 0) || principal.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        (trustDomain, ns, serviceAccount) = (parts[0], parts[2], parts[4]);
        return true;
    }
}
