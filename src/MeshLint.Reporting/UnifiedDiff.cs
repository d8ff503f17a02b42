using System.Globalization;
using System.Text;

namespace MeshLint.Reporting;

/// <summary>
/// A unified diff (<c>diff -u</c>, <c>git diff</c>) of two texts, line by line with Myers' algorithm, that
/// <c>git apply</c> and <c>patch -p1</c> accept. Lines end at LF; a CR before it is part of the line, as those tools see it.
/// </summary>
public static class UnifiedDiff
{
    private enum Op
    {
        Equal,
        Delete,
        Insert,
    }

    /// <summary>The diff, or the empty string when the texts are equal.</summary>
    public static string Create(string path, string oldText, string newText, int context = 3)
    {
        if (string.Equals(oldText, newText, StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var a = SplitLines(oldText);
        var b = SplitLines(newText);
        var script = Script(a, b);
        var output = new StringBuilder();
        var relative = !Path.IsPathRooted(path);
        output.Append("--- ").Append(relative ? "a/" : string.Empty).Append(path).Append('\n');
        output.Append("+++ ").Append(relative ? "b/" : string.Empty).Append(path).Append('\n');

        var i = 0;
        while (i < script.Count)
        {
            if (script[i].Op == Op.Equal)
            {
                i++;
                continue;
            }

            // A hunk: changes with up to `context` equal lines around them, merged while the gap is small.
            var start = Math.Max(0, i - context);
            var end = i;
            while (true)
            {
                while (end < script.Count && script[end].Op != Op.Equal)
                {
                    end++;
                }

                var next = end;
                while (next < script.Count && script[next].Op == Op.Equal)
                {
                    next++;
                }

                if (next < script.Count && next - end <= 2 * context)
                {
                    end = next;
                    continue;
                }

                end = Math.Min(script.Count, end + context);
                break;
            }

            WriteHunk(output, script, start, end);
            i = end;
        }

        return output.ToString();
    }

    private static void WriteHunk(StringBuilder output, List<(Op Op, string Line, int OldLine, int NewLine)> script, int start, int end)
    {
        var oldCount = 0;
        var newCount = 0;
        for (var k = start; k < end; k++)
        {
            oldCount += script[k].Op != Op.Insert ? 1 : 0;
            newCount += script[k].Op != Op.Delete ? 1 : 0;
        }

        // Lines are numbered from 1; an empty range is numbered by the line before it.
        var oldStart = oldCount == 0 ? script[start].OldLine - 1 : script[start].OldLine;
        var newStart = newCount == 0 ? script[start].NewLine - 1 : script[start].NewLine;
        output.Append("@@ -").Append(Range(oldStart, oldCount)).Append(" +").Append(Range(newStart, newCount)).Append(" @@\n");
        for (var k = start; k < end; k++)
        {
            var (op, line, _, _) = script[k];
            output.Append(op switch { Op.Delete => '-', Op.Insert => '+', _ => ' ' }).Append(line);
            if (!line.EndsWith('\n'))
            {
                output.Append("\n\\ No newline at end of file\n");
            }
        }
    }

    private static string Range(int start, int count) =>
        count == 1 ? start.ToString(CultureInfo.InvariantCulture) : $"{start.ToString(CultureInfo.InvariantCulture)},{count.ToString(CultureInfo.InvariantCulture)}";

    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }

    /// <summary>The edit script with each line's 1-based number in the old and the new text (the next line's for an absent side).</summary>
    private static List<(Op Op, string Line, int OldLine, int NewLine)> Script(List<string> a, List<string> b)
    {
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && a[a.Count - 1 - suffix] == b[b.Count - 1 - suffix])
        {
            suffix++;
        }

        var ops = new List<Op>();
        ops.AddRange(Enumerable.Repeat(Op.Equal, prefix));
        ops.AddRange(Myers(a.GetRange(prefix, a.Count - prefix - suffix), b.GetRange(prefix, b.Count - prefix - suffix)));
        ops.AddRange(Enumerable.Repeat(Op.Equal, suffix));

        var script = new List<(Op, string, int, int)>(ops.Count);
        int x = 0, y = 0;
        foreach (var op in ops)
        {
            switch (op)
            {
                case Op.Equal:
                    script.Add((op, a[x], x + 1, y + 1));
                    x++;
                    y++;
                    break;
                case Op.Delete:
                    script.Add((op, a[x], x + 1, y + 1));
                    x++;
                    break;
                default:
                    script.Add((op, b[y], x + 1, y + 1));
                    y++;
                    break;
            }
        }

        return script;
    }

    /// <summary>Myers' O((N+M)D) shortest edit script, deletions before insertions within a change.</summary>
    private static List<Op> Myers(List<string> a, List<string> b)
    {
        int n = a.Count, m = b.Count, max = n + m;
        var ops = new List<Op>();
        if (max == 0)
        {
            return ops;
        }

        var v = new int[(2 * max) + 2];
        var trace = new List<int[]>();
        var found = false;
        for (var d = 0; d <= max && !found; d++)
        {
            trace.Add((int[])v.Clone());
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[max + k - 1] < v[max + k + 1]) ? v[max + k + 1] : v[max + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }

                v[max + k] = x;
                if (x >= n && y >= m)
                {
                    found = true;
                    break;
                }
            }
        }

        // Walk back through the saved frontiers; trace[d] is the frontier before step d.
        int cx = n, cy = m;
        for (var d = trace.Count - 1; d > 0; d--)
        {
            var previous = trace[d];
            var k = cx - cy;
            var down = k == -d || (k != d && previous[max + k - 1] < previous[max + k + 1]);
            var prevK = down ? k + 1 : k - 1;
            var prevX = previous[max + prevK];
            var prevY = prevX - prevK;
            while (cx > prevX && cy > prevY)
            {
                ops.Add(Op.Equal);
                cx--;
                cy--;
            }

            ops.Add(down ? Op.Insert : Op.Delete);
            cx = prevX;
            cy = prevY;
        }

        while (cx > 0 && cy > 0)
        {
            ops.Add(Op.Equal);
            cx--;
            cy--;
        }

        ops.Reverse();
        return ops;
    }
}
