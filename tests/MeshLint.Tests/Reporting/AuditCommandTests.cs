using MeshLint.Tests.Fixes;
using MeshLint.Tests.Support;

namespace MeshLint.Tests.Reporting;

/// <summary><c>check --format markdown|html [--template FILE]</c> from the command line, and the HTML in a real browser.</summary>
[TestClass]
public sealed class AuditCommandTests
{
    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    [TestMethod]
    public async Task HtmlFormat_WritesTheReportAndExitsByFindings()
    {
        using var harness = new FixHarness();
        var output = Path.Combine(harness.Root, "report.html");
        var (code, _, stderr) = await FixCommandTests.Run("check", Repo.PathOf("fixtures", "demo"), "--format", "html", "--output", output);
        Assert.AreEqual(1, code, stderr);
        var html = await File.ReadAllTextAsync(output);
        StringAssert.Contains(html, "mTLS posture by namespace");
        StringAssert.Contains(html, "PeerAuthentication shop/default");
    }

    [TestMethod]
    public async Task UserTemplate_ReplacesTheBuiltInOne()
    {
        using var harness = new FixHarness();
        var template = harness.Write("t.scriban", "{{ summary.errors }} errors in {{ plural file_count \"file\" }}\n");
        var (code, stdout, stderr) = await FixCommandTests.Run("check", Repo.PathOf("fixtures", "demo"), "--format", "markdown", "--template", template);
        Assert.AreEqual(1, code, stderr);
        Assert.AreEqual("5 errors in 6 files\n", stdout);
    }

    [TestMethod]
    public async Task BadTemplate_IsAUsageErrorBeforeAnythingIsChecked()
    {
        using var harness = new FixHarness();
        var template = harness.Write("t.scriban", "{{ if }}");
        var (code, stdout, stderr) = await FixCommandTests.Run("check", Repo.PathOf("fixtures", "demo"), "--format", "html", "--template", template);
        Assert.AreEqual(2, code);
        Assert.AreEqual(string.Empty, stdout);
        StringAssert.Contains(stderr, "t.scriban");
    }

    [TestMethod]
    public async Task Template_WithAnotherFormat_IsAUsageError()
    {
        var (code, _, stderr) = await FixCommandTests.Run("check", Repo.PathOf("fixtures", "demo"), "--template", "x.scriban");
        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, "--format markdown or --format html");
    }

    /// <summary>
    /// Renders the demo's HTML report in headless Chromium (the Debian package) and checks that the browser laid it
    /// out: a full-size screenshot and a DOM with every section. Skipped where Chromium is not installed, except in CI.
    /// </summary>
    [TestMethod]
    public async Task DemoHtml_RendersInHeadlessChromium()
    {
        var chromium = new[] { "chromium", "chromium-browser", "google-chrome" }.Select(FixCommandTests.Which).FirstOrDefault(p => p is not null);
        if (chromium is null)
        {
            const string message = "Chromium is not installed (apt-get install chromium)";
            if (InCi)
            {
                Assert.Fail(message);
            }

            Assert.Inconclusive(message);
        }

        using var harness = new FixHarness();
        var html = Path.Combine(harness.Root, "demo.html");
        var (code, _, stderr) = await FixCommandTests.Run("check", Repo.PathOf("fixtures", "demo"), "--format", "html", "--output", html);
        Assert.AreEqual(1, code, stderr);

        var screenshot = Path.Combine(harness.Root, "demo.png");
        var profile = Directory.CreateTempSubdirectory("meshlint-chromium").FullName;
        try
        {
            string[] common =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", $"--user-data-dir={profile}", "--window-size=1280,2000",
            ];
            var shot = Run(chromium, [.. common, $"--screenshot={screenshot}", new Uri(html).AbsoluteUri]);
            Assert.IsTrue(File.Exists(screenshot), $"no screenshot: {shot}");
            var png = await File.ReadAllBytesAsync(screenshot);
            CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
            var width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
            var height = (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23];
            Assert.AreEqual((1280, 2000), (width, height));
            Assert.IsTrue(png.Length > 50_000, "the page has content (an empty page compresses to a few KB)");

            var dom = Run(chromium, [.. common, "--dump-dom", new Uri(html).AbsoluteUri]);
            foreach (var id in new[] { "summary", "mtls", "authorization", "ingress", "findings" })
            {
                StringAssert.Contains(dom, $"<section id=\"{id}\">", $"section {id} in the rendered DOM");
            }
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    private static string Run(string file, string[] args)
    {
        var result = ChildProcess.Run(file, args, timeout: TimeSpan.FromMinutes(2));
        if (result.TimedOut)
        {
            Assert.Fail("Chromium did not finish in 2 minutes");
        }

        return result.Output;
    }
}
