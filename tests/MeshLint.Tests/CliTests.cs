using System.Text.Json;
using MeshLint.Tests.Support;

namespace MeshLint.Tests;

[TestClass]
[DoNotParallelize] // the CLI reads the process's current directory
public sealed class CliTests
{
    private static async Task<(int Exit, string Out, string Err)> Run(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await Cli.Cli.RunAsync(args, new StringReader(stdin), output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [TestMethod]
    public async Task CheckDemo_PrintsFindingsAndExitsOne()
    {
        var (exit, output, _) = await Run(string.Empty, "check", Repo.PathOf("fixtures", "demo"));
        Assert.AreEqual(1, exit);
        StringAssert.Contains(output, "security.yaml:18:11: error ML1001 ");
        StringAssert.Contains(output, "[PeerAuthentication/shop/default]");
        var expected = UnitChecker.ExpectationsOf(Repo.PathOf("fixtures", "demo")).Count;
        StringAssert.Contains(output, $"{expected} findings");
    }

    [TestMethod]
    public async Task FailOnNone_ExitsZeroWithFindings()
    {
        var (exit, _, _) = await Run(string.Empty, "check", "--fail-on", "none", Repo.PathOf("fixtures", "demo"));
        Assert.AreEqual(0, exit);
    }

    [TestMethod]
    public async Task FailOnError_IgnoresWarnings()
    {
        var (exit, _, _) = await Run(string.Empty, "check", "--fail-on", "error", Repo.PathOf("fixtures", "ML1202", "bad.yaml"));
        Assert.AreEqual(0, exit);
    }

    [TestMethod]
    public async Task CleanInput_ExitsZero()
    {
        var (exit, output, _) = await Run(string.Empty, "check", Repo.PathOf("fixtures", "ML1001", "good.yaml"));
        Assert.AreEqual(0, exit, output);
        StringAssert.Contains(output, "No findings");
    }

    [TestMethod]
    public async Task UnknownOptionOrMissingPath_ExitsTwoWithOneLine()
    {
        var (exit, _, error) = await Run(string.Empty, "check", "--format", "yaml");
        Assert.AreEqual(2, exit);
        StringAssert.Contains(error, "meshlint: error:");
        (exit, _, error) = await Run(string.Empty, "check", "/no/such/folder");
        Assert.AreEqual(2, exit);
        StringAssert.Contains(error, "no such file or folder: /no/such/folder");
    }

    [TestMethod]
    public async Task Stdin_IsReadWithDash()
    {
        var manifest = await File.ReadAllTextAsync(Repo.PathOf("fixtures", "ML1102", "bad.yaml"));
        var (exit, output, _) = await Run(manifest, "check", "-");
        Assert.AreEqual(1, exit);
        StringAssert.Contains(output, "<stdin>:10:");
    }

    [TestMethod]
    public async Task JsonFormat_IsParseableWithSummary()
    {
        var (_, output, _) = await Run(string.Empty, "check", "-f", "json", Repo.PathOf("fixtures", "demo"));
        using var doc = JsonDocument.Parse(output);
        var findings = doc.RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.AreEqual(UnitChecker.ExpectationsOf(Repo.PathOf("fixtures", "demo")).Count, findings.Count);
        Assert.AreEqual(findings.Count(f => f.GetProperty("severity").GetString() == "error"), doc.RootElement.GetProperty("summary").GetProperty("errors").GetInt32());
        var first = doc.RootElement.GetProperty("findings")[0];
        Assert.IsTrue(first.GetProperty("location").GetProperty("line").GetInt32() > 0);
        Assert.IsFalse(string.IsNullOrEmpty(first.GetProperty("object").GetProperty("ref").GetString()));
    }

    [TestMethod]
    public async Task OutputOption_WritesFile()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("meshlint-cli").FullName, "sub", "out.sarif");
        var (exit, output, _) = await Run(string.Empty, "check", "-f", "sarif", "-o", path, Repo.PathOf("fixtures", "demo"));
        Assert.AreEqual(1, exit);
        Assert.AreEqual(string.Empty, output);
        StringAssert.Contains(await File.ReadAllTextAsync(path), "\"version\": \"2.1.0\"");
    }

    [TestMethod]
    public async Task RulesJson_ListsEveryRuleWithMetadata()
    {
        var (exit, output, _) = await Run(string.Empty, "rules", "--format", "json");
        Assert.AreEqual(0, exit);
        using var doc = JsonDocument.Parse(output);
        var rules = doc.RootElement.EnumerateArray().ToList();
        Assert.AreEqual(Engine.RuleCatalog.Descriptors.Length, rules.Count);
        var ml1201 = rules.Single(r => r.GetProperty("id").GetString() == "ML1201");
        Assert.AreEqual("istio", ml1201.GetProperty("mesh").GetString());
        Assert.AreEqual("error", ml1201.GetProperty("severity").GetString());
        CollectionAssert.Contains(ml1201.GetProperty("equivalents").EnumerateArray().Select(e => e.GetString()).ToList(), "IST0109");
        Assert.IsTrue(ml1201.TryGetProperty("name", out _) && ml1201.TryGetProperty("title", out _));
    }

    [TestMethod]
    public async Task Explain_PrintsTheRuleDocOrFailsForUnknownIds()
    {
        var (exit, output, _) = await Run(string.Empty, "explain", "ML1203");
        Assert.AreEqual(0, exit);
        StringAssert.StartsWith(output, "# ML1203: ");
        StringAssert.Contains(output, "## Fix");
        (exit, _, var error) = await Run(string.Empty, "explain", "ML0000");
        Assert.AreEqual(2, exit);
        StringAssert.Contains(error, "no rule 'ML0000'");
    }

    [TestMethod]
    public async Task Help_IsAvailableOnEveryCommand()
    {
        foreach (var command in new[] { "check", "rules", "explain" })
        {
            var (exit, output, _) = await Run(string.Empty, command, "--help");
            Assert.AreEqual(0, exit, command);
            StringAssert.Contains(output, "Usage:", command);
        }
    }
}
