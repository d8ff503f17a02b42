using MeshLint.Core.Model.Istio;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class SourceNamespaceNotFound : IRule
{
    private static readonly string[] AlwaysKnown = ["default", "kube-system", "kube-public", "kube-node-lease", "istio-system"];

    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1109",
        Name: "SourceNamespaceNotFound",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "AuthorizationPolicy source namespace does not exist",
        Description: "source.namespaces and notNamespaces name the namespaces of calling workloads. A name that matches no namespace is usually a typo or a leftover: an ALLOW rule denies the intended callers, an exclusion covers nobody, and whoever later creates a namespace with that name gets the access. Judged when the files declare Namespace objects; known names are declared namespaces, namespaces of scanned objects, the root namespace and the Kubernetes and Istio system namespaces. Unless the files are the whole mesh (settings: complete), only names one or two edits away from a known namespace are reported, since callers often live in namespaces managed elsewhere.",
        Remediation: "Correct the namespace name, or remove the entry if the namespace is gone.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["AuthorizationPolicy", "Namespace", "ConfigMap", "IstioOperator"],
        SecuritySeverity: 4.5,
        Equivalents: ["KIA0101", "IST0101"],
        Tags: ["authorization", "security"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        if (index.OfType<Namespace>().IsEmpty)
        {
            yield break;
        }

        var known = index.NamespaceNames.Concat(AlwaysKnown).Append(context.Settings.IstioRootNamespace).ToHashSet(StringComparer.Ordinal);
        foreach (var policy in index.OfType<AuthorizationPolicy>())
        {
            foreach (var field in policy.Rules.SelectMany(r => r.From).SelectMany(c => c.Fields).Where(f => f.Field.Value is "namespaces" or "notNamespaces"))
            {
                foreach (var value in field.Values)
                {
                    if (known.Any(ns => Matches(value.Value, ns)))
                    {
                        continue;
                    }

                    // Callers often live in namespaces managed elsewhere (gateways, platform tools); unless the files are
                    // the whole mesh, only a name one or two edits away from a known namespace is reported, as a typo.
                    var closest = known.Select(ns => (ns, d: EditDistance(value.Value, ns))).Where(x => x.d is > 0 and <= 2)
                        .OrderBy(x => x.d).ThenBy(x => x.ns, StringComparer.Ordinal).Select(x => x.ns).FirstOrDefault();
                    if (closest is null && !context.Settings.Complete)
                    {
                        continue;
                    }

                    var hint = closest is null ? string.Empty : $" (did you mean {closest}?)";
                    yield return RuleContext.Report(Rule, policy, value.Span,
                        $"AuthorizationPolicy {policy.Namespace}/{policy.Name} names namespace \"{value.Value}\" in {field.Field.Value}, but no such namespace is declared or used in the files{hint}.");
                }
            }
        }
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static bool Matches(string pattern, string ns) =>
        pattern == "*"
        || (pattern.StartsWith('*') && ns.EndsWith(pattern[1..], StringComparison.Ordinal))
        || (pattern.EndsWith('*') && ns.StartsWith(pattern[..^1], StringComparison.Ordinal))
        || pattern == ns;
}
