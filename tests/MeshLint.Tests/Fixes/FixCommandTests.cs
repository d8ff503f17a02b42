using System.Text;
using MeshLint.Reporting;
using MeshLint.Tests.Support;

namespace MeshLint.Tests.Fixes;

/// <summary><c>meshlint check --fix</c> and <c>--fix --diff</c> as users run them.</summary>
[TestClass]
public sealed class FixCommandTests
{
    private const string Manifests = """
        # Weighted canary, and a namespace still on PERMISSIVE.
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: default
          namespace: shop
        spec:
          mtls:
            mode: PERMISSIVE # until batch has sidecars
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: checkout
          namespace: shop
        spec:
          hosts: [checkout]
          http:
          - route:
            - destination: {host: checkout}
              weight: 80
            - destination: {host: checkout}
              weight: 30

        """;

    private static readonly string Fixed = Manifests
        .Replace("mode: PERMISSIVE", "mode: STRICT", StringComparison.Ordinal)
        .Replace("weight: 30", "weight: 20", StringComparison.Ordinal);

    [TestMethod]
    public async Task Fix_WritesTheFixedFile_KeepingByteOrderMarkAndCrLf()
    {
        using var harness = new FixHarness();
        var path = harness.Write("shop.yaml", string.Empty);
        var crlf = Manifests.Replace("\n", "\r\n", StringComparison.Ordinal);
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(crlf)]);
        var (code, stdout, stderr) = await Run("check", "--fix", path);

        var expected = Fixed.Replace("\n", "\r\n", StringComparison.Ordinal);
        CollectionAssert.AreEqual(new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(expected)).ToArray(), File.ReadAllBytes(path));
        StringAssert.Contains(stderr, "applied 2 fixes in 1 file");
        Assert.IsFalse(stdout.Contains("ML1001", StringComparison.Ordinal) || stdout.Contains("ML1202", StringComparison.Ordinal), "the report shows what is left after fixing");
        Assert.AreNotEqual(2, code, stderr);

        var again = await Run("check", "--fix", path);
        StringAssert.Contains(again.Stderr, "nothing to fix");
        CollectionAssert.AreEqual(new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(expected)).ToArray(), File.ReadAllBytes(path));
    }

    [TestMethod]
    public async Task FixDiff_PrintsAPatchAndWritesNothing()
    {
        using var harness = new FixHarness();
        var path = harness.Write("shop.yaml", Manifests);
        var (code, stdout, _) = await Run("check", "--fix", "--diff", path);
        Assert.AreEqual(1, code, "something to fix");
        Assert.AreEqual(Manifests, File.ReadAllText(path));
        Assert.AreEqual(UnifiedDiff.Create(path, Manifests, Fixed), stdout);
        StringAssert.Contains(stdout, "-    mode: PERMISSIVE # until batch has sidecars\n+    mode: STRICT # until batch has sidecars\n");
        StringAssert.Contains(stdout, "-      weight: 30\n+      weight: 20\n");
    }

    [TestMethod]
    public async Task FixDiff_WithNothingToFix_IsEmptyAndExitsZero()
    {
        using var harness = new FixHarness();
        var path = harness.Write("shop.yaml", Fixed);
        var (code, stdout, _) = await Run("check", "--fix", "--diff", path);
        Assert.AreEqual(0, code);
        Assert.AreEqual(string.Empty, stdout);
    }

    [TestMethod]
    public async Task Fix_OnlyEditsTheFilesNamedOnTheCommandLine()
    {
        using var harness = new FixHarness();
        var named = harness.Write("a/shop.yaml", Manifests);
        var other = harness.Write("b/shop.yaml", Manifests.Replace("shop", "cart", StringComparison.Ordinal));
        await Run("check", "--fix", Path.Combine(harness.Root, "a"));
        Assert.AreEqual(Fixed, File.ReadAllText(named));
        Assert.AreEqual(Manifests.Replace("shop", "cart", StringComparison.Ordinal), File.ReadAllText(other));
    }

    [TestMethod]
    public async Task Diff_WithoutFix_IsAUsageError()
    {
        var (code, _, stderr) = await Run("check", "--diff", ".");
        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, "--diff only goes with --fix");
    }

    [TestMethod]
    public async Task Fix_FromStandardInput_IsAUsageError()
    {
        var (code, _, stderr) = await Run("check", "--fix", "-");
        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, "standard input");
    }

    [TestMethod]
    public void FixDiff_AppliesWithGitApply()
    {
        if (Which("git") is null)
        {
            Assert.Inconclusive("git is not installed");
        }

        using var harness = new FixHarness();
        var crlf = Manifests.Replace("\n", "\r\n", StringComparison.Ordinal);
        harness.Write("k8s/shop.yaml", crlf);
        var meshlint = Path.Combine(AppContext.BaseDirectory, "meshlint.dll");
        var diff = Process(harness.Root, "dotnet", meshlint, "check", "--fix", "--diff", "k8s");
        StringAssert.StartsWith(diff.Stdout, "--- a/k8s/shop.yaml\n+++ b/k8s/shop.yaml\n@@ ");
        File.WriteAllText(Path.Combine(harness.Root, "fix.patch"), diff.Stdout);
        Process(harness.Root, "git", "init", "-q");
        var apply = Process(harness.Root, "git", "apply", "--whitespace=nowarn", "fix.patch");
        Assert.AreEqual(0, apply.Code, apply.Stderr);
        Assert.AreEqual(Fixed.Replace("\n", "\r\n", StringComparison.Ordinal), File.ReadAllText(Path.Combine(harness.Root, "k8s", "shop.yaml")));
    }

    internal static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Cli.Cli.RunAsync(args, new StringReader(string.Empty), stdout, stderr);
        return (code, stdout.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), stderr.ToString());
    }

    internal static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);

    internal static (int Code, string Stdout, string Stderr) Process(string workingDirectory, string file, params string[] args)
    {
        var result = ChildProcess.Run(file, args, workingDirectory);
        return (result.Exit, result.Stdout, result.Stderr);
    }
}
