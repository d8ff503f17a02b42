using System.Globalization;
using System.Text;
using MeshLint.Core.Rules;

namespace MeshLint.Reporting;

/// <summary>The rules index as Markdown, generated from the descriptors (rules/README.md and the README's table).</summary>
public static class RulesMarkdown
{
    public static string Table(IEnumerable<RuleDescriptor> descriptors)
    {
        var text = new StringBuilder();
        text.AppendLine("| ID | Mesh | Severity | Title | Equivalents |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var d in descriptors)
        {
            var equivalents = d.EquivalentCodes.IsEmpty ? string.Empty : string.Join(", ", d.EquivalentCodes);
            text.AppendLine(CultureInfo.InvariantCulture, $"| [{d.Id}]({d.Id}/README.md) | {d.Mesh.ToString().ToLowerInvariant()} | {(d.IncompleteSeverity is { } incomplete ? $"{incomplete.Name()} ({d.DefaultSeverity.Name()} when complete)" : d.DefaultSeverity.Name())} | {Escape(d.Title)} | {equivalents} |");
        }

        return text.ToString();
    }

    /// <summary>The whole rules/README.md.</summary>
    public static string Document(IReadOnlyCollection<RuleDescriptor> descriptors)
    {
        var text = new StringBuilder();
        text.AppendLine("# MeshLint rules");
        text.AppendLine();
        text.AppendLine("Generated from the rule descriptors; do not edit by hand. Regenerate with");
        text.AppendLine("`MESHLINT_UPDATE_DOCS=1 dotnet test MeshLint.sln --filter CatalogTests`.");
        text.AppendLine();
        var byMesh = descriptors.GroupBy(d => d.Mesh).OrderBy(g => g.Key);
        text.AppendLine($"{descriptors.Count.ToString(CultureInfo.InvariantCulture)} rules: " + string.Join(", ", byMesh.Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}")) + ".");
        text.AppendLine();
        text.Append(Table(descriptors));
        return text.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
