using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules.Common;

/// <summary>How drift rules word and place a difference: on the repo's field, with the cluster's object related.</summary>
internal static class DriftFindings
{
    public static IEnumerable<Finding> Report(RuleDescriptor rule, RuleContext context, Func<MeshObject, IEnumerable<string>?> pathsOf)
    {
        foreach (var (declared, observed) in Drift.Pairs(context))
        {
            if (pathsOf(declared) is not { } paths)
            {
                continue;
            }

            foreach (var drift in Drift.Compare(declared, observed, paths))
            {
                yield return RuleContext.Report(rule, declared, drift.Anchor,
                    $"{declared.Kind} {declared.Name} has {drift.Path} {Drift.Render(drift.Declared)} in the repo but {Drift.Render(drift.Observed)} in the cluster.",
                    new RelatedLocation(observed.NameSpan, "the object as the cluster runs it", observed.Ref));
            }
        }
    }
}
