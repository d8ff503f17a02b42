using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class SourceNamespaceNotFound : IRule
{
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
        var known = KnownNamespaces.Of(context.Index);
        foreach (var policy in context.Index.OfType<AuthorizationPolicy>())
        {
            foreach (var field in policy.Rules.SelectMany(r => r.From).SelectMany(c => c.Fields).Where(f => f.Field.Value is "namespaces" or "notNamespaces"))
            {
                foreach (var value in field.Values)
                {
                    if (known.IsUnknown(value.Value, allowWildcards: true, out var hint))
                    {
                        yield return RuleContext.Report(Rule, policy, value.Span,
                            $"AuthorizationPolicy {policy.Namespace}/{policy.Name} names namespace \"{value.Value}\" in {field.Field.Value}, but no such namespace is declared or used in the files{hint}.");
                    }
                }
            }
        }
    }
}
