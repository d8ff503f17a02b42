using MeshLint.Reporting;

namespace MeshLint.Tests.Fixes;

[TestClass]
public sealed class UnifiedDiffTests
{
    [TestMethod]
    public void EqualTexts_HaveNoDiff() => Assert.AreEqual(string.Empty, UnifiedDiff.Create("a.yaml", "x\n", "x\n"));

    [TestMethod]
    public void OneChangedLine_HasThreeLinesOfContext()
    {
        var old = string.Concat(Enumerable.Range(1, 10).Select(i => $"l{i}\n"));
        var diff = UnifiedDiff.Create("dir/a.yaml", old, old.Replace("l5\n", "L5\n", StringComparison.Ordinal));
        Assert.AreEqual("--- a/dir/a.yaml\n+++ b/dir/a.yaml\n@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-l5\n+L5\n l6\n l7\n l8\n", diff);
    }

    [TestMethod]
    public void DistantChanges_AreSeparateHunks_CloseOnesAreMerged()
    {
        var old = string.Concat(Enumerable.Range(1, 30).Select(i => $"l{i}\n"));
        var changed = old.Replace("l2\n", "X\n", StringComparison.Ordinal).Replace("l8\n", "Y\n", StringComparison.Ordinal).Replace("l25\n", "Z\n", StringComparison.Ordinal);
        var diff = UnifiedDiff.Create("a.yaml", old, changed);
        var headers = diff.Split('\n').Where(l => l.StartsWith("@@", StringComparison.Ordinal)).ToList();
        CollectionAssert.AreEqual(new[] { "@@ -1,11 +1,11 @@", "@@ -22,7 +22,7 @@" }, headers);
    }

    [TestMethod]
    public void InsertedLine_IsNumberedByTheLineBefore()
    {
        var diff = UnifiedDiff.Create("a.yaml", "a\nb\n", "a\nb\nc\n");
        Assert.AreEqual("--- a/a.yaml\n+++ b/a.yaml\n@@ -1,2 +1,3 @@\n a\n b\n+c\n", diff);
        Assert.AreEqual("--- a/a.yaml\n+++ b/a.yaml\n@@ -0,0 +1 @@\n+c\n", UnifiedDiff.Create("a.yaml", string.Empty, "c\n"));
    }

    [TestMethod]
    public void MissingFinalLineBreak_IsMarked()
    {
        var diff = UnifiedDiff.Create("a.yaml", "a\nb", "a\nc");
        Assert.AreEqual("--- a/a.yaml\n+++ b/a.yaml\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n", diff);
    }

    [TestMethod]
    public void CrLfLines_KeepTheirCarriageReturns()
    {
        var diff = UnifiedDiff.Create("a.yaml", "a\r\nb\r\n", "a\r\nc\r\n");
        Assert.AreEqual("--- a/a.yaml\n+++ b/a.yaml\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n", diff);
    }

    [TestMethod]
    public void AbsolutePaths_HaveNoPrefix()
    {
        var diff = UnifiedDiff.Create("/tmp/a.yaml", "a\n", "b\n");
        StringAssert.StartsWith(diff, "--- /tmp/a.yaml\n+++ /tmp/a.yaml\n");
    }

    [TestMethod]
    public void RandomEdits_RoundTrip()
    {
        var random = new Random(4);
        for (var round = 0; round < 200; round++)
        {
            var old = Enumerable.Range(0, random.Next(0, 15)).Select(_ => $"{(char)('a' + random.Next(4))}\n").ToList();
            var changed = old.Select(l => random.Next(5) == 0 ? $"{(char)('a' + random.Next(4))}\n" : l).ToList();
            if (random.Next(2) == 0)
            {
                changed.Insert(random.Next(changed.Count + 1), "new\n");
            }

            if (changed.Count > 0 && random.Next(2) == 0)
            {
                changed.RemoveAt(random.Next(changed.Count));
            }

            var diff = UnifiedDiff.Create("a.yaml", string.Concat(old), string.Concat(changed));
            Assert.AreEqual(string.Concat(changed), Patch(string.Concat(old), diff), diff);
        }
    }

    /// <summary>A minimal patch applier: enough to check that hunks say what changed, in order and with correct numbers.</summary>
    private static string Patch(string text, string diff)
    {
        if (diff.Length == 0)
        {
            return text;
        }

        var lines = text.Split('\n').SkipLast(1).ToList();
        var result = new List<string>();
        var position = 0;
        foreach (var line in diff.Split('\n').Skip(2).SkipLast(1))
        {
            if (line.StartsWith("@@", StringComparison.Ordinal))
            {
                var oldRange = line.Split(' ')[1][1..].Split(',');
                var start = int.Parse(oldRange[0], System.Globalization.CultureInfo.InvariantCulture);
                var count = oldRange.Length > 1 ? int.Parse(oldRange[1], System.Globalization.CultureInfo.InvariantCulture) : 1;
                var target = count == 0 ? start : start - 1;
                result.AddRange(lines.Skip(position).Take(target - position));
                position = target;
            }
            else if (line.StartsWith(' '))
            {
                Assert.AreEqual(lines[position], line[1..]);
                result.Add(line[1..]);
                position++;
            }
            else if (line.StartsWith('-'))
            {
                Assert.AreEqual(lines[position], line[1..]);
                position++;
            }
            else if (line.StartsWith('+'))
            {
                result.Add(line[1..]);
            }
        }

        result.AddRange(lines.Skip(position));
        return string.Concat(result.Select(l => l + "\n"));
    }
}
