using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class UndefinedResolverSubset : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3016",
        Name: "UndefinedResolverSubset",
        Mesh: Mesh.Consul,
        Category: Category.Routing,
        Title: "Subset not defined by the service's resolver",
        Description: "A serviceSubset in a splitter, router destination, resolver redirect or failover, a resolver's defaultSubset or a failover key names a subset that the target service's ServiceResolver does not define. A service has one resolver and it is in view, so the subset does not exist: Consul fails to compile the chain and rejects the entry.",
        Remediation: "Define the subset in the target service's ServiceResolver subsets, or reference a subset it defines.",
        DefaultSeverity: Severity.Error,
        Inputs: ["ServiceRouter", "ServiceSplitter", "ServiceResolver"],
        Tags: ["routing", "subsets", "sync"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var consul = context.Index.Consul;
        foreach (var reference in consul.ChainReferences)
        {
            if (reference.IsRemote || reference.Subset is not { } subset || consul.ResolverFor(reference.Service) is not { } resolver
                || resolver.DefinesSubset(subset.Value))
            {
                continue;
            }

            var defined = resolver.Subsets.IsDefaultOrEmpty ? "none" : string.Join(", ", resolver.Subsets.Select(s => s.Name.Value));
            var what = reference.Kind is ChainReferenceKind.DefaultSubset or ChainReferenceKind.FailoverSubset
                ? $"{reference.Describe()} {subset.Value}"
                : $"{reference.Describe()} subset {subset.Value} of {reference.Service}";
            yield return RuleContext.Report(Rule, reference.Owner, subset.Span,
                $"{what}, which ServiceResolver {resolver.Name} does not define (defined: {defined}).",
                new RelatedLocation(resolver.NameSpan, $"the ServiceResolver of {reference.Service}", resolver.Ref));
        }
    }
}
