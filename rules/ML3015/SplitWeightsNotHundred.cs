using System.Globalization;
using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class SplitWeightsNotHundred : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3015",
        Name: "SplitWeightsNotHundred",
        Mesh: Mesh.Consul,
        Category: Category.Routing,
        Title: "Splitter weights do not sum to 100",
        Description: "The consul-k8s webhook rejects a ServiceSplitter whose split weights do not add up to exactly 100, so the traffic split you meant to roll out never reaches Consul.",
        Remediation: "Adjust the weights so that they sum to 100.",
        DefaultSeverity: Severity.Error,
        Inputs: ["ServiceSplitter"],
        Tags: ["routing", "webhook"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var splitter in context.Index.OfType<ServiceSplitter>())
        {
            // The webhook adds the weights as float32 and compares with 100 exactly.
            var sum = 0f;
            foreach (var split in splitter.Splits)
            {
                sum += (float)(split.Weight?.Value ?? 0);
            }

            if (sum != 100f)
            {
                yield return RuleContext.Report(Rule, splitter, splitter.SplitsSpan,
                    $"ServiceSplitter {splitter.Name} weights sum to {sum.ToString("0.##", CultureInfo.InvariantCulture)}, not 100.");
            }
        }
    }
}
