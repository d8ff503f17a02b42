using System.Collections.Immutable;
using System.IO.Compression;
using System.Text;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using MeshLint.Engine;
using MeshLint.Loading;
using MeshLint.Reporting;
using MeshLint.Tests.Support;

namespace MeshLint.Tests.Workflow;

[TestClass]
public sealed class GitHubTests
{
    [TestMethod]
    public void GitHubFormat_WritesWorkflowCommands()
    {
        using var tree = new TempTree();
        tree.Write("deploy/pa.yaml", Manifests.PeerAuthentication("default", "shop", "PERMISSIVE"))
            .Write("deploy/ok.yaml", Manifests.PeerAuthentication("legacy", "billing", "PERMISSIVE # meshlint-ignore ML1001 -- terminals"));
        var run = CliRunner.Invoke(tree.Root, "check", "--format", "github");
        Assert.AreEqual(1, run.Exit, run.ToString());
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(
            "::error file=deploy/pa.yaml,line=8,endLine=8,col=11,endColumn=21,title=ML1001 PermissiveMtls::mtls.mode is PERMISSIVE for namespace shop, so plaintext connections are accepted. [PeerAuthentication/shop/default]",
            lines[0]);
        Assert.AreEqual(2, lines.Length, "the suppressed finding is not annotated: " + run.Out);
        StringAssert.StartsWith(lines[1], "MeshLint: 1 error, 0 warnings, 0 notes");
    }

    [TestMethod]
    public void GitHubFormat_EscapesDataAndProperties()
    {
        Assert.AreEqual("100%25 of a%0Ab", GitHubFormatter.Data("100% of a\nb"));
        Assert.AreEqual("dir%2Cx/a%3Ab.yaml", GitHubFormatter.Property("dir,x/a:b.yaml"));
        var finding = new Finding("ML1001", Severity.Note, "multi\nline", new SourceSpan("a,b.yaml", 3, 1, 5, 2), null);
        var output = new StringWriter();
        new GitHubFormatter().Write(Input([finding]), output);
        Assert.AreEqual("::notice file=a%2Cb.yaml,line=3,endLine=5,title=ML1001 PermissiveMtls::multi%0Aline", output.ToString().Split('\n')[0]);
    }

    [TestMethod]
    public void SarifLimits_KeepTheMostSevereResults_AndSaySo()
    {
        var findings = Enumerable.Range(0, 25_010)
            .Select(i => new Finding(i % 1000 == 0 ? "ML1001" : "ML1202", i % 1000 == 0 ? Severity.Error : i % 2 == 0 ? Severity.Warning : Severity.Note, $"m{i}", new SourceSpan($"f{i % 50}.yaml", i + 1, 1, i + 1, 2), null))
            .ToImmutableArray();
        var formatter = new SarifFormatter();
        var (input, notice) = SarifLimits.GitHub.Apply(Input(findings), formatter);
        Assert.AreEqual(25_000, input.Findings.Length);
        Assert.AreEqual(26, input.Findings.Count(f => f.Severity == Severity.Error), "every error is kept");
        Assert.AreEqual(findings.Count(f => f.Severity == Severity.Warning), input.Findings.Count(f => f.Severity == Severity.Warning));
        Assert.IsNotNull(notice);
        StringAssert.Contains(notice, "MeshLint found 25,010 results but GitHub code scanning accepts at most 25,000 results per run");
        StringAssert.Contains(notice, "leaves out 10 (0 errors, 0 warnings, 10 notes)");
        var output = new StringWriter();
        formatter.Write(input, output);
        var run = System.Text.Json.JsonDocument.Parse(output.ToString()).RootElement.GetProperty("runs")[0];
        Assert.AreEqual(25_000, run.GetProperty("results").GetArrayLength());
        var notification = run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").EnumerateArray().Single();
        Assert.AreEqual(notice, notification.GetProperty("message").GetProperty("text").GetString());
    }

    [TestMethod]
    public void SarifLimits_KeepTheGzippedLogUnderTheSizeLimit()
    {
        var random = new Random(7);
        var findings = Enumerable.Range(0, 400)
            .Select(i => new Finding("ML1202", i < 10 ? Severity.Error : Severity.Warning, Convert.ToHexString(RandomBytes(random, 200)), new SourceSpan("a.yaml", i + 1, 1, i + 1, 2), null))
            .ToImmutableArray();
        var formatter = new SarifFormatter();
        // The rules' metadata alone takes some room; leave about 40 KB for results, far less than 400 need.
        var limit = GzippedSize(Input([]), formatter) + 40_000;
        var limits = new SarifLimits(MaxResults: 25_000, MaxGzippedBytes: limit);
        var (input, notice) = limits.Apply(Input(findings), formatter);
        Assert.IsNotNull(notice);
        StringAssert.Contains(notice, $"at most {limit / 1024} KB of gzipped SARIF per upload");
        Assert.IsTrue(input.Findings.Length is > 10 and < 400, input.Findings.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual(10, input.Findings.Count(f => f.Severity == Severity.Error), "errors are kept first");
        Assert.IsTrue(GzippedSize(input, formatter) <= limit);
    }

    [TestMethod]
    public void SarifUnderTheLimits_IsUntouched()
    {
        var input = Input([new Finding("ML1001", Severity.Error, "m", new SourceSpan("a.yaml", 1, 1, 1, 2), null)]);
        var (same, notice) = SarifLimits.GitHub.Apply(input, new SarifFormatter());
        Assert.IsNull(notice);
        Assert.AreSame(input, same);
    }

    [TestMethod]
    public void ActionYml_RunsMeshLintAndUploadsSarif()
    {
        var text = File.ReadAllText(Repo.PathOf("action.yml"));
        var stream = YamlDocuments.Parse(text, "action.yml");
        Assert.IsNull(stream.ErrorMessage, $"action.yml:{stream.ErrorSpan.StartLine}: {stream.ErrorMessage}");
        var action = (MappingNode)stream.Documents.Single()!;
        var inputs = (MappingNode)action["inputs"]!;
        foreach (var name in new[] { "paths", "config", "fail-on", "category" })
        {
            Assert.IsNotNull(inputs[name], $"input {name}");
        }

        Assert.AreEqual("composite", ((MappingNode)action["runs"]!)["using"]!.ToString());
        StringAssert.Contains(text, "github/codeql-action/upload-sarif@");
        StringAssert.Contains(text, "--format sarif");
        Assert.IsFalse(text.Contains("--include-suppressed", StringComparison.Ordinal), "a log for upload leaves suppressed results out");
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static long GzippedSize(ReportInput input, SarifFormatter formatter)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new StreamWriter(gzip, new UTF8Encoding(false)))
        {
            formatter.Write(input, writer);
        }

        return memory.Length;
    }

    private static ReportInput Input(ImmutableArray<Finding> findings) =>
        new(findings, RuleCatalog.Descriptors, RuleCatalog.Documentation, 1, findings.Length, "0.0.0-test", "/repo");
}
