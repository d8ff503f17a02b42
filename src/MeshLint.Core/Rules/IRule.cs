using System.Collections.Immutable;
using MeshLint.Core.Index;
using MeshLint.Core.Model;

namespace MeshLint.Core.Rules;

/// <summary>
/// A rule: a descriptor and a pure function from the indexed model to findings. Rules hold no state, do no I/O
/// and never mutate the model; the engine runs them in parallel.
/// </summary>
public interface IRule
{
    RuleDescriptor Descriptor { get; }

    IEnumerable<Finding> Evaluate(RuleContext context);
}

/// <summary>What a rule sees: the index of the whole mesh and the mesh settings.</summary>
public sealed class RuleContext
{
    public RuleContext(MeshIndex index) => Index = index;

    public MeshIndex Index { get; }

    /// <summary>
    /// The repo's objects, when the run read a cluster as well: <see cref="Index"/> then holds the cluster's objects
    /// and drift rules compare the two. Null in every other run.
    /// </summary>
    public MeshIndex? Declared { get; init; }

    /// <summary>What the live read covered (kinds, namespaces); null when unknown (every kind but Secrets and ConfigMaps).</summary>
    public ClusterCoverage? Coverage { get; init; }

    public MeshSettings Settings => Index.Settings;

    /// <summary>
    /// A closed-world finding: something the checked files do not hold. Reported at the rule's lower
    /// <see cref="RuleDescriptor.IncompleteSeverity"/> unless <c>mesh.complete</c> declares the files the whole mesh.
    /// </summary>
    public Finding ReportMissing(RuleDescriptor rule, MeshObject obj, SourceSpan at, string message, params RelatedLocation[] related) =>
        Report(rule, obj, at, message, related) with { Severity = Settings.Complete ? rule.DefaultSeverity : rule.SeverityWhenIncomplete };

    public static Finding Report(RuleDescriptor rule, MeshObject obj, SourceSpan at, string message) =>
        new(rule.Id, rule.DefaultSeverity, message, at, obj.Ref);

    public static Finding Report(RuleDescriptor rule, MeshObject obj, SourceSpan at, string message, params RelatedLocation[] related) =>
        new(rule.Id, rule.DefaultSeverity, message, at, obj.Ref) { Related = related.ToImmutableArray() };
}
