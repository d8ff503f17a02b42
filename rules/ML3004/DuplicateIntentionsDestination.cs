using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class DuplicateIntentionsDestination : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3004",
        Name: "DuplicateIntentionsDestination",
        Mesh: Mesh.Consul,
        Category: Category.Configuration,
        Title: "Two ServiceIntentions for the same destination",
        Description: "Consul keeps all intentions for one destination in a single service-intentions config entry, so the consul-k8s webhook rejects a second ServiceIntentions resource whose spec.destination.name (and namespace) is already used, in any Kubernetes namespace. Whichever is applied second never reaches Consul, and the sources it lists are silently missing.",
        Remediation: "Merge the sources into one ServiceIntentions per destination.",
        DefaultSeverity: Severity.Error,
        Inputs: ["ServiceIntentions"],
        Tags: ["intentions", "webhook"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var groups = context.Index.OfType<ServiceIntentions>()
            .Where(i => i.Destination?.Name is not null)
            .GroupBy(i => (i.DestinationName!, i.Destination!.Namespace?.Value ?? string.Empty));
        foreach (var group in groups)
        {
            var first = group.First();
            foreach (var duplicate in group.Skip(1))
            {
                yield return RuleContext.Report(Rule, duplicate, duplicate.Destination!.Name!.Value.Span,
                    $"ServiceIntentions {duplicate.Namespace}/{duplicate.Name} has destination {duplicate.DestinationName}, which ServiceIntentions {first.Namespace}/{first.Name} already has.",
                    new RelatedLocation(first.Destination!.Name!.Value.Span, "the first ServiceIntentions for this destination", first.Ref));
            }
        }
    }
}
