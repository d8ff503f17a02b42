using System.Text.Json;
using MeshLint.Cli;

namespace MeshLint.Tests.Live;

[TestClass]
public sealed class LiveCliTests
{
    private static readonly string TempRoot = Path.Combine(Path.GetTempPath(), "meshlint-live-cli-tests");

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Cli.Cli.RunAsync(args, new StringReader(string.Empty), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [TestMethod]
    public async Task CheckCluster_ReportsLiveFindingsWithTheClusterAsLocation()
    {
        await using var server = new FakeApiServer(SampleCluster.Build());
        var kubeconfig = Kubeconfig.Write(TempRoot, server.Url, null);
        var (exit, output, errors) = await RunAsync("check", "--cluster", "--kubeconfig", kubeconfig, "--fail-on", "error");
        Assert.AreEqual(string.Empty, errors);
        StringAssert.Contains(output, $"cluster {server.Url}: error ML1001");
        StringAssert.Contains(output, "[PeerAuthentication/demo/default]");
        Assert.AreEqual(Cli.Cli.ExitFindings, exit, output);
    }

    [TestMethod]
    public async Task CheckCluster_Sarif_LocatesObjectsUnderTheApiServerAndNotesWhatWasNotRead()
    {
        var cluster = SampleCluster.Build();
        cluster.Forbidden.Add("servicedefaults.consul.hashicorp.com");
        await using var server = new FakeApiServer(cluster);
        var kubeconfig = Kubeconfig.Write(TempRoot, server.Url, null);
        var sarifPath = Path.Combine(TempRoot, "live.sarif");
        var (_, _, errors) = await RunAsync("check", "--cluster", "--kubeconfig", kubeconfig, "--context", "test", "--format", "sarif", "--output", sarifPath);
        var output = await File.ReadAllTextAsync(sarifPath);
        StringAssert.Contains(errors, "meshlint: warning: cannot list servicedefaults.consul.hashicorp.com: forbidden (403)");

        using var sarif = JsonDocument.Parse(output);
        var run = sarif.RootElement.GetProperty("runs")[0];
        Assert.AreEqual(server.Url, run.GetProperty("properties").GetProperty("kubernetesApiServer").GetString());
        Assert.AreEqual("test", run.GetProperty("properties").GetProperty("kubernetesContext").GetString());
        Assert.AreEqual(server.Url + "/", run.GetProperty("originalUriBaseIds").GetProperty("KUBERNETES_API").GetProperty("uri").GetString());

        var notification = run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications")[0];
        StringAssert.Contains(notification.GetProperty("message").GetProperty("text").GetString(), "servicedefaults.consul.hashicorp.com");

        var result = run.GetProperty("results").EnumerateArray().First(r => r.GetProperty("ruleId").GetString() == "ML1001");
        var location = result.GetProperty("locations")[0];
        var artifact = location.GetProperty("physicalLocation").GetProperty("artifactLocation");
        Assert.AreEqual("apis/security.istio.io/v1/namespaces/demo/peerauthentications/default", artifact.GetProperty("uri").GetString());
        Assert.AreEqual("KUBERNETES_API", artifact.GetProperty("uriBaseId").GetString());
        Assert.AreEqual("PeerAuthentication/demo/default", location.GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString());
    }

    [TestMethod]
    public async Task CheckCluster_NothingReadable_ExitsWithTwo()
    {
        var kubeconfig = Kubeconfig.Write(TempRoot, "http://127.0.0.1:1", null);
        var (exit, output, errors) = await RunAsync("check", "--cluster", "--kubeconfig", kubeconfig);
        Assert.AreEqual(Cli.Cli.ExitUsage, exit);
        Assert.AreEqual(string.Empty, output);
        StringAssert.Contains(errors, "meshlint: warning: cannot reach the API server at http://127.0.0.1:1");
        StringAssert.Contains(errors, "meshlint: error: nothing could be read from the cluster at http://127.0.0.1:1");
        Assert.IsFalse(errors.Contains("Unhandled", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task CheckCluster_UnknownContext_IsAUsageError()
    {
        var kubeconfig = Kubeconfig.Write(TempRoot, "http://127.0.0.1:1", null);
        var (exit, _, errors) = await RunAsync("check", "--cluster", "--kubeconfig", kubeconfig, "--context", "prod");
        Assert.AreEqual(Cli.Cli.ExitUsage, exit);
        StringAssert.Contains(errors, "meshlint: error: context 'prod' is not in the kubeconfig (it has: test, other)");
    }

    [TestMethod]
    public async Task ClusterFlags_WithoutCluster_AreRejected()
    {
        var (exit, _, errors) = await RunAsync("check", "--context", "prod", Support.Repo.PathOf("fixtures", "ML1001"));
        Assert.AreEqual(Cli.Cli.ExitUsage, exit);
        StringAssert.Contains(errors, "--context needs --cluster");
    }

    [TestMethod]
    public async Task InsecureSkipTlsVerify_Warns()
    {
        using var certificates = new TestCertificates();
        await using var server = new FakeApiServer(SampleCluster.Build(), certificates.Server);
        var kubeconfig = Kubeconfig.Write(TempRoot, server.Url, null);
        var (exit, output, errors) = await RunAsync("check", "--cluster", "--kubeconfig", kubeconfig, "--insecure-skip-tls-verify", "--namespace", "demo", "--fail-on", "none");
        Assert.AreEqual(Cli.Cli.ExitOk, exit, errors);
        StringAssert.Contains(errors, "meshlint: warning: --insecure-skip-tls-verify");
        StringAssert.Contains(output, "ML1001");
    }
}
