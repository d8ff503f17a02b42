using MeshLint.Tests.Support;

namespace MeshLint.Tests;

/// <summary>
/// Walks fixtures/: every file (or subfolder) under fixtures/&lt;ID&gt;/ is one unit analysed alone with all rules,
/// and its findings must equal its <c># expect:</c> markers exactly, at the marked lines. fixtures/demo is one unit.
/// </summary>
[TestClass]
public sealed class FixtureTests
{
    public static IEnumerable<object[]> Units()
    {
        var root = Repo.PathOf("fixtures");
        foreach (var group in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(group);
            if (name == "demo")
            {
                yield return [name];
                continue;
            }

            foreach (var entry in Directory.GetFileSystemEntries(group).Order(StringComparer.Ordinal))
            {
                if (Directory.Exists(entry) || Loading.FileDiscovery.IsManifestPath(entry))
                {
                    yield return [$"{name}/{Path.GetFileName(entry)}"];
                }
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(Units))]
    public void Fixture_FindingsEqualMarkers(string unit)
    {
        var path = Repo.PathOf("fixtures", unit);
        var expected = UnitChecker.ExpectationsOf(path);
        var findings = UnitChecker.Analyze(path);
        var differences = UnitChecker.Compare(expected, findings);
        Assert.AreEqual(string.Empty, differences, $"fixtures/{unit}:{Environment.NewLine}{differences}");
        if (Path.GetFileName(unit).StartsWith("good", StringComparison.Ordinal))
        {
            Assert.AreEqual(0, expected.Count, "a good fixture carries no markers: silence is what it asserts");
        }
    }
}
