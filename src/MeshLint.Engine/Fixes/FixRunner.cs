using System.Collections.Immutable;
using System.Globalization;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using MeshLint.Loading;

namespace MeshLint.Engine.Fixes;

/// <summary>
/// A file <c>--fix</c> changed: its text as read and as fixed (what is written), and the same two with Secret values
/// masked (what may be shown, as in a diff).
/// </summary>
public sealed record FixedFile(string DisplayPath, string FullPath, string Original, string Fixed, int FixCount, string? ShownOriginal = null, string? ShownFixed = null)
{
    public string OriginalToShow => ShownOriginal ?? Original;

    public string FixedToShow => ShownFixed ?? Fixed;
}

/// <summary>What a fix run did: the analysis of the fixed texts, the files it changed and what it could not do.</summary>
public sealed record FixOutcome(AnalysisResult Result, ImmutableArray<FixedFile> Files, ImmutableArray<string> Warnings)
{
    public int FixCount => Files.Sum(f => f.FixCount);
}

/// <summary>
/// Applies fixes in passes, the way ESLint does: each pass takes the first fix of every finding in a file the user
/// named, in file order, skipping a fix that overlaps one already taken; the texts are re-analysed and the next
/// pass picks up what the previous one skipped or uncovered. Nothing is written here: the caller gets the texts.
/// A pass that would break a file's YAML is undone for that file.
/// </summary>
public static class FixRunner
{
    public const int MaxPasses = 10;

    /// <param name="first">The analysis of the files as they are on disk.</param>
    /// <param name="mayEdit">Whether a file (by full path) may be changed: only files the user named.</param>
    /// <param name="reanalyze">Loads and analyses again, reading the given texts (by full path) instead of the disk.</param>
    public static FixOutcome Run(AnalysisResult first, Func<string, bool> mayEdit, Func<IReadOnlyDictionary<string, string>, AnalysisResult> reanalyze)
    {
        var originals = new Dictionary<string, SourceFile>(StringComparer.Ordinal);
        var overlay = new Dictionary<string, string>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var frozen = new HashSet<string>(StringComparer.Ordinal);
        var warnings = new List<string>();
        var current = first;
        for (var pass = 1; ; pass++)
        {
            var plan = Plan(current, path => mayEdit(path) && !frozen.Contains(path));
            if (plan.Count == 0)
            {
                break;
            }

            if (pass > MaxPasses)
            {
                warnings.Add($"fixes were still being applied after {MaxPasses.ToString(CultureInfo.InvariantCulture)} passes; run --fix again to apply the rest");
                break;
            }

            var before = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (file, edits) in plan)
            {
                // Edits are planned on the masked text and applied to the raw one: masking keeps every offset.
                originals.TryAdd(file.FullPath, file);
                before[file.FullPath] = file.RawText;
                overlay[file.FullPath] = Apply(file.RawText, edits.Edits);
                counts[file.FullPath] = counts.GetValueOrDefault(file.FullPath) + edits.FixCount;
            }

            var previous = current;
            current = reanalyze(overlay);

            // A fix must never turn a manifest into one that does not parse: undo the pass for such a file and stop fixing it.
            var broken = plan.Keys.Where(f => ParseErrors(current, f.Path) > ParseErrors(previous, f.Path)).ToList();
            if (broken.Count > 0)
            {
                foreach (var file in broken)
                {
                    overlay[file.FullPath] = before[file.FullPath];
                    counts[file.FullPath] -= plan[file].FixCount;
                    frozen.Add(file.FullPath);
                    warnings.Add($"{file.Path}: the fixes would make the YAML invalid, so they were not applied; please report this");
                }

                current = reanalyze(overlay);
            }
        }

        var shown = current.Load.Files.GroupBy(f => f.FullPath, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Text, StringComparer.Ordinal);
        var changed = overlay
            .Where(o => !string.Equals(o.Value, originals[o.Key].RawText, StringComparison.Ordinal))
            .Select(o => new FixedFile(
                originals[o.Key].Path, o.Key, originals[o.Key].RawText, o.Value, counts[o.Key],
                Shown(originals[o.Key].Text, originals[o.Key].RawText), Shown(shown.GetValueOrDefault(o.Key, string.Empty), o.Value)))
            .OrderBy(f => f.DisplayPath, StringComparer.Ordinal)
            .ToImmutableArray();
        return new FixOutcome(current, changed, warnings.ToImmutableArray());
    }

    /// <summary>The masked text to show; when the loader kept none (a broken file that may hold a Secret), a placeholder.</summary>
    private static string Shown(string masked, string raw) =>
        masked.Length == 0 && raw.Length > 0 ? "(not shown: the file may hold Secret values)\n" : masked;

    /// <summary>Applies non-overlapping edits (offsets into <paramref name="text"/>) all at once.</summary>
    public static string Apply(string text, IEnumerable<TextEdit> edits)
    {
        var result = new System.Text.StringBuilder(text.Length + 64);
        var position = 0;
        foreach (var edit in edits.OrderBy(e => e.Start).ThenBy(e => e.End))
        {
            if (edit.Start < position)
            {
                throw new ArgumentException("edits overlap", nameof(edits));
            }

            result.Append(text, position, edit.Start - position).Append(edit.Text);
            position = edit.End;
        }

        return result.Append(text, position, text.Length - position).ToString();
    }

    private static int ParseErrors(AnalysisResult result, string file) =>
        result.Findings.Count(f => f.RuleId == ToolRules.ParseError.Id && f.Location.File == file);

    internal sealed class FileEdits
    {
        public List<TextEdit> Edits { get; } = [];

        public int FixCount { get; set; }
    }

    /// <summary>The fixes one pass applies, per file: the first fix of each unsuppressed finding, in file order, if it overlaps nothing taken.</summary>
    internal static Dictionary<SourceFile, FileEdits> Plan(AnalysisResult analysis, Func<string, bool> mayEdit)
    {
        var files = analysis.Load.Files
            .GroupBy(f => f.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (File: g.First(), Text: new SourceText(g.First().Text)), StringComparer.Ordinal);
        var plan = new Dictionary<SourceFile, FileEdits>(ReferenceEqualityComparer.Instance);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var finding in analysis.Findings)
        {
            if (finding.IsSuppressed || finding.Fixes.IsDefaultOrEmpty)
            {
                continue;
            }

            var fix = finding.Fixes[0];
            var edits = new List<(SourceFile File, TextEdit Edit)>();
            var usable = true;
            foreach (var replacement in fix.Replacements)
            {
                if (replacement.Kind != ReplacementKind.Text ||
                    !files.TryGetValue(replacement.Span.File, out var entry) ||
                    !mayEdit(entry.File.FullPath) ||
                    !entry.Text.TryGetOffset(replacement.Span.StartLine, replacement.Span.StartColumn, out var start) ||
                    !entry.Text.TryGetOffset(replacement.Span.EndLine, replacement.Span.EndColumn, out var end))
                {
                    usable = false;
                    break;
                }

                if (!string.Equals(entry.Text.Text[start..end], replacement.Text, StringComparison.Ordinal))
                {
                    edits.Add((entry.File, new TextEdit(start, end, replacement.Text)));
                }
            }

            // A fix whose edits change nothing is already applied; two findings may share one fix (take it once).
            var key = string.Join('\n', edits.Select(e => $"{e.File.Path}:{e.Edit}"));
            if (!usable || edits.Count == 0 || !seen.Add(key))
            {
                continue;
            }

            if (edits.Any(e => plan.TryGetValue(e.File, out var taken) && taken.Edits.Any(t => t.Overlaps(e.Edit))))
            {
                continue;
            }

            foreach (var (file, edit) in edits)
            {
                if (!plan.TryGetValue(file, out var fileEdits))
                {
                    fileEdits = new FileEdits();
                    plan[file] = fileEdits;
                }

                fileEdits.Edits.Add(edit);
            }

            plan[edits[0].File].FixCount++;
        }

        return plan;
    }
}

/// <summary>Replace the characters [<see cref="Start"/>, <see cref="End"/>) with <see cref="Text"/>.</summary>
public readonly record struct TextEdit(int Start, int End, string Text)
{
    /// <summary>Edits overlap when they share a character, or insert at the same place (their order would be a guess).</summary>
    public bool Overlaps(TextEdit other) =>
        (Start < other.End && other.Start < End) ||
        (Start == other.Start && (Start == End || other.Start == other.End)) ||
        (Start == End && Start > other.Start && Start < other.End) ||
        (other.Start == other.End && other.Start > Start && other.Start < End);
}
