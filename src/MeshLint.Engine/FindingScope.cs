using System.Collections.Immutable;
using MeshLint.Core.Rules;

namespace MeshLint.Engine;

/// <summary>
/// Reporting only part of what was analysed: with the whole repository loaded as context, only findings located in
/// the files a user (or pre-commit) named are reported. Findings with no file (a rule that failed) are always kept.
/// </summary>
public static class FindingScope
{
    public static ImmutableArray<Finding> Keep(IEnumerable<Finding> findings, IReadOnlySet<string> displayPaths) =>
        [.. findings.Where(f => !f.Location.HasFile || displayPaths.Contains(f.Location.File))];
}
