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

    [TestMethod]
    public async Task CheckCluster_LiveRulesSeeWhatRuns()
    {
        await using var server = new FakeApiServer(SampleCluster.Build());
        var kubeconfig = Kubeconfig.Write(TempRoot, server.Url, null);
        var (_, output, _) = await RunAsync("check", "--cluster", "--kubeconfig", kubeconfig);
        StringAssert.Contains(output, "ML4200 Pod batch-7f8d9c-klmno is Running without an istio-proxy container although namespace demo has istio-injection=enabled. [Pod/demo/batch-7f8d9c-klmno]");
        StringAssert.Contains(output, "ML4201 Pod web-5c9f7d8b4-fghij runs istio-proxy docker.io/istio/proxyv2:1.23.0 but istiod of revision default runs 1.24.2.");
        StringAssert.Contains(output, "ML4203 HTTPRoute api-admin has Accepted=False (NoMatchingParent) from linkerd.io/policy-controller for parent Server/api.");
        StringAssert.Contains(output, "ML4204 ServiceDefaults frontend has Synced=False (ConsulAgentError)");
        StringAssert.Contains(output, "ML4205 Namespace legacy asks for Istio revision 1-21, but the sidecar injectors serve only default.");
        Assert.IsFalse(output.Contains("ML1101", StringComparison.Ordinal), "a controlled pod is not a workload of its own");
    }

    [TestMethod]
    public async Task CheckClusterWithPaths_ReportsDriftBothWays()
    {
        await using var server = new FakeApiServer(SampleCluster.Build());
        var kubeconfig = Kubeconfig.Write(TempRoot, server.Url, null);
        var repo = Path.Combine(TempRoot, $"repo-{Guid.NewGuid():N}");
        Directory.CreateDirectory(repo);
        await File.WriteAllTextAsync(Path.Combine(repo, "security.yaml"), """
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata:
              name: default
              namespace: demo
            spec:
              mtls:
                mode: STRICT
            ---
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata:
              name: deny-external
              namespace: demo
            spec:
              action: DENY
              rules:
                - from:
                    - source:
                        notNamespaces: ["demo"]
            """);
        var (_, output, errors) = await RunAsync("check", "--cluster", "--kubeconfig", kubeconfig, "--namespace", "demo", "--format", "json", repo);
        Assert.AreEqual(string.Empty, errors);
        using var json = JsonDocument.Parse(output);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().Select(f => (Rule: f.GetProperty("ruleId").GetString(), Message: f.GetProperty("message").GetString())).ToList();
        CollectionAssert.Contains(findings, ("ML4210", "PeerAuthentication default has spec.mtls {mode: STRICT} in the repo but {mode: PERMISSIVE} in the cluster."));
        CollectionAssert.Contains(findings, ("ML4214", "AuthorizationPolicy deny-external in namespace demo is in the repo but not in the cluster."));
        CollectionAssert.Contains(findings, ("ML4213", "AuthorizationPolicy web runs in namespace demo, which the repo manages, but the repo has no such object."));
        Assert.IsFalse(findings.Any(f => f.Rule == "ML4214" && f.Message!.StartsWith("Namespace", StringComparison.Ordinal)));
    }
}
