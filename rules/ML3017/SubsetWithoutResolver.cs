using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class SubsetWithoutResolver : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3017",
        Name: "SubsetWithoutResolver",
        Mesh: Mesh.Consul,
        Category: Category.Routing,
        Title: "Subset referenced for a service with no resolver in view",
        Description: "Subsets are defined by the target service's ServiceResolver. The scanned files hold no ServiceResolver for the target, so unless one is applied from elsewhere the subset does not exist and Consul rejects the chain. Closed-world: it reports what was not found in the scanned files.",
        Remediation: "Add a ServiceResolver for the target service that defines the subset, next to the entry that uses it.",
        DefaultSeverity: Severity.Error,
        Inputs: ["ServiceRouter", "ServiceSplitter", "ServiceResolver"],
        Tags: ["routing", "subsets", "closed-world"],
        ClosedWorld: true,
        IncompleteSeverity: Severity.Note);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var consul = context.Index.Consul;
        foreach (var reference in consul.ChainReferences)
        {
            if (reference.IsRemote || reference.Subset is not { } subset || consul.ResolverFor(reference.Service) is not null || ClosedWorld.IsExternal(context.Settings, null, reference.Service))
            {
                continue;
            }

            yield return context.ReportMissing(Rule, reference.Owner, subset.Span,
                $"{reference.Describe()} subset {subset.Value} of {reference.Service}, but no ServiceResolver {reference.Service} was found in the scanned files to define it.");
        }
    }
}
