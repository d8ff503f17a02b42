using System.Collections.Immutable;
using System.Text.RegularExpressions;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using MeshLint.Loading;

namespace MeshLint.Engine.Suppressions;

/// <summary>One suppression written in a manifest: the rules it silences, why, where it is written and what it covers.</summary>
internal sealed record InSourceSuppression(
    ImmutableArray<string> RuleIds,
    string Reason,
    SourceSpan WrittenAt,
    string File,
    int Line,
    ObjectRef? Object)
{
    /// <summary>A comment covers one line of its file; an annotation covers every finding about its object.</summary>
    public bool Covers(Finding finding)
    {
        if (Object is { } target)
        {
            return finding.Object == target && (!finding.Location.HasFile || finding.Location.File == File);
        }

        return Line > 0 && finding.Location.StartLine == Line && finding.Location.File == File;
    }

    public string Describe(string ruleId) => Object is { } target
        ? $"meshlint.io/ignore for {ruleId} matches no finding on {target}"
        : $"meshlint-ignore for {ruleId} matches no finding on line {Line}";
}

/// <summary>
/// Suppressions written in manifests: <c># meshlint-ignore ML1001 -- reason</c> comments (on the line, or alone on the
/// line above it) and <c>meshlint.io/ignore: "ML1001: reason"</c> annotations (one entry per line or separated by
/// <c>;</c>). A reason is required. Suppressed findings are kept, marked <see cref="SuppressionKind.InSource"/> with the
/// reason as justification; a suppression that cannot be read is ML9010, one that matches nothing is ML9011.
/// </summary>
public static partial class InSourceSuppressions
{
    public const string Annotation = "meshlint.io/ignore";
    public const string Directive = "meshlint-ignore";

    [GeneratedRegex(@"^ML\d{4}$")]
    private static partial Regex RuleIdPattern();

    // An entry starts after a line break or a ';' that is followed by a rule id and ':' or ','.
    [GeneratedRegex(@"\r?\n|;(?=\s*ML\d{4}\s*[,:])")]
    private static partial Regex EntrySeparator();

    // Another comment on the same line ("-- reason # expect: ML9011") ends the reason; "#123" does not.
    [GeneratedRegex(@"\s#(\s|$)")]
    private static partial Regex TrailingComment();

    /// <summary>Marks the findings suppressions cover and adds ML9010/ML9011 findings about the suppressions themselves.</summary>
    /// <param name="ruleRan">Whether a rule ran for a file: a suppression for a rule that was off is not reported as unused.</param>
    public static ImmutableArray<Finding> Apply(LoadResult load, IEnumerable<Finding> findings, Func<string, string, bool> ruleRan)
    {
        var problems = new List<Finding>();
        var suppressions = Collect(load, problems);
        var result = new List<Finding>();
        var used = new HashSet<(InSourceSuppression, string)>();

        // By rule id, in written order: each finding is compared with the suppressions of its rule only.
        var byRule = new Dictionary<string, List<InSourceSuppression>>(StringComparer.Ordinal);
        foreach (var written in suppressions)
        {
            foreach (var ruleId in written.RuleIds.Distinct(StringComparer.Ordinal))
            {
                if (!byRule.TryGetValue(ruleId, out var list))
                {
                    byRule[ruleId] = list = [];
                }

                list.Add(written);
            }
        }

        foreach (var finding in findings)
        {
            var suppression = byRule.TryGetValue(finding.RuleId, out var candidates) ? candidates.FirstOrDefault(s => s.Covers(finding)) : null;
            if (suppression is null)
            {
                result.Add(finding);
                continue;
            }

            used.Add((suppression, finding.RuleId));
            result.Add(finding with { Suppression = new SuppressionInfo(SuppressionKind.InSource, suppression.Reason, suppression.WrittenAt) });
        }

        var unused = ToolRules.UnusedSuppression;
        foreach (var suppression in suppressions)
        {
            foreach (var ruleId in suppression.RuleIds)
            {
                if (!used.Contains((suppression, ruleId)) && ruleRan(ruleId, suppression.File))
                {
                    problems.Add(new Finding(unused.Id, unused.DefaultSeverity, $"{suppression.Describe(ruleId)}.", suppression.WrittenAt, suppression.Object));
                }
            }
        }

        result.AddRange(problems);
        return [.. result];
    }

    internal static List<InSourceSuppression> Collect(LoadResult load, List<Finding> problems)
    {
        var suppressions = new List<InSourceSuppression>();
        foreach (var file in load.Files)
        {
            if (file.Text.Contains(Directive, StringComparison.Ordinal))
            {
                FromComments(file, suppressions, problems);
            }
        }

        foreach (var obj in load.Objects)
        {
            if (obj.Annotations.TryGet(Annotation, out var value))
            {
                FromAnnotation(obj, value, suppressions, problems);
            }
        }

        return suppressions;
    }

    private static void FromComments(SourceFile file, List<InSourceSuppression> suppressions, List<Finding> problems)
    {
        string[]? lines = null;
        foreach (var comment in YamlDocuments.Comments(file.Text, file.Path))
        {
            var text = comment.Text.Trim();
            if (!text.StartsWith(Directive, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = text[Directive.Length..];
            if (rest.Length > 0 && !char.IsWhiteSpace(rest[0]))
            {
                problems.Add(Malformed($"'{text.Split(' ')[0]}' is not a MeshLint directive; write '{Directive} ML#### -- reason'", comment.Span, null));
                continue;
            }

            if (TrailingComment().Match(rest) is { Success: true } trailing)
            {
                rest = rest[..trailing.Index];
            }

            var separator = rest.IndexOf("--", StringComparison.Ordinal);
            var idsPart = separator < 0 ? rest : rest[..separator];
            var reason = separator < 0 ? string.Empty : rest[(separator + 2)..].Trim();
            if (!TryReadIds(idsPart, $"{Directive} comment", comment.Span, null, problems, out var ids))
            {
                continue;
            }

            if (reason.Length == 0)
            {
                problems.Add(Malformed($"{Directive} {string.Join(", ", ids)} gives no reason after '--', so it suppresses nothing", comment.Span, null));
                continue;
            }

            lines ??= file.Text.Split('\n');
            var line = comment.IsInline ? comment.Span.StartLine : NextCodeLine(lines, comment.Span.StartLine);
            suppressions.Add(new InSourceSuppression(ids, reason, comment.Span, file.Path, line, null));
        }
    }

    /// <summary>The first line after <paramref name="line"/> that holds more than blanks and comments, or 0.</summary>
    private static int NextCodeLine(string[] lines, int line)
    {
        for (var i = line; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.Length > 0 && !trimmed.StartsWith('#'))
            {
                return i + 1;
            }
        }

        return 0;
    }

    private static void FromAnnotation(MeshObject obj, Located<string> value, List<InSourceSuppression> suppressions, List<Finding> problems)
    {
        var entries = EntrySeparator().Split(value.Value).Select(e => e.Trim()).Where(e => e.Length > 0).ToList();
        if (entries.Count == 0)
        {
            problems.Add(Malformed($"{Annotation} on {obj.Ref} is empty; write \"ML####: reason\"", value.Span, obj.Ref));
            return;
        }

        foreach (var entry in entries)
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            var idsPart = colon < 0 ? entry : entry[..colon];
            var reason = colon < 0 ? string.Empty : entry[(colon + 1)..].Trim();
            if (!TryReadIds(idsPart, $"{Annotation} on {obj.Ref}", value.Span, obj.Ref, problems, out var ids))
            {
                continue;
            }

            if (reason.Length == 0)
            {
                problems.Add(Malformed($"{Annotation} entry '{entry}' on {obj.Ref} gives no reason after ':', so it suppresses nothing", value.Span, obj.Ref));
                continue;
            }

            suppressions.Add(new InSourceSuppression(ids, reason, value.Span, obj.Origin.File, 0, obj.Ref));
        }
    }

    private static bool TryReadIds(string text, string where, SourceSpan span, ObjectRef? obj, List<Finding> problems, out ImmutableArray<string> ids)
    {
        var tokens = text.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        ids = [];
        if (tokens.Length == 0)
        {
            problems.Add(Malformed($"{where} names no rule id", span, obj));
            return false;
        }

        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var token in tokens)
        {
            var descriptor = RuleCatalog.Find(token);
            if (descriptor is null || !RuleIdPattern().IsMatch(token))
            {
                var hint = descriptor is not null ? $"; use its id {descriptor.Id}" : string.Empty;
                problems.Add(Malformed($"{where} names '{token}', which is not a MeshLint rule id{hint}", span, obj));
                return false;
            }

            if (descriptor == ToolRules.MalformedSuppression || descriptor == ToolRules.UnusedSuppression)
            {
                problems.Add(Malformed($"{where} names {descriptor.Id}, which cannot be suppressed in source; turn it off in .meshlint.yaml instead", span, obj));
                return false;
            }

            builder.Add(descriptor.Id);
        }

        ids = builder.ToImmutable();
        return true;
    }

    private static Finding Malformed(string message, SourceSpan span, ObjectRef? obj) =>
        new(ToolRules.MalformedSuppression.Id, ToolRules.MalformedSuppression.DefaultSeverity, $"{message}.", span, obj);
}
