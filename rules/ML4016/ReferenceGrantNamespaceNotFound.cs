using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class ReferenceGrantNamespaceNotFound : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4016",
        Name: "ReferenceGrantNamespaceNotFound",
        Mesh: Mesh.Kubernetes,
        Category: Category.Routing,
        Title: "ReferenceGrant trusts a namespace that does not exist",
        Description: "A ReferenceGrant lets routes or gateways of the namespaces in `from` refer to objects of its own namespace. A `from.namespace` that matches no namespace grants nothing: the cross-namespace references it was written for stay unresolved (RefNotPermitted) and the routes send 500s or are not attached, and whoever later creates a namespace of that name gets the access. Judged when the files declare Namespace objects; unless the files are the whole mesh (settings: complete), only names one or two edits away from a known namespace are reported, as typos.",
        Remediation: "Correct `from[].namespace`, or remove the entry if the namespace is gone.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["ReferenceGrant", "Namespace", "ConfigMap", "IstioOperator"],
        Equivalents: ["KIA1601"],
        Tags: ["gateway-api", "reference"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var known = KnownNamespaces.Of(context.Index);
        foreach (var grant in context.Index.OfType<ReferenceGrant>())
        {
            foreach (var from in grant.From)
            {
                if (from.Namespace is { } ns && known.IsUnknown(ns.Value, allowWildcards: false, out var hint))
                {
                    yield return RuleContext.Report(Rule, grant, ns.Span,
                        $"ReferenceGrant {grant.Namespace}/{grant.Name} trusts {from.Kind?.Value ?? "objects"} of namespace \"{ns.Value}\", but no such namespace is declared or used in the files{hint}, so it grants nothing.");
                }
            }
        }
    }
}
