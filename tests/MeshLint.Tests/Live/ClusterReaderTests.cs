using System.Collections.Immutable;
using MeshLint.Core.Model;
using MeshLint.Live;

namespace MeshLint.Tests.Live;

[TestClass]
public sealed class ClusterReaderTests
{
    private static readonly string TempRoot = Path.Combine(Path.GetTempPath(), "meshlint-live-tests");

    private static ClusterOptions Options(string kubeconfig, Func<ClusterOptions, ClusterOptions>? change = null)
    {
        var options = new ClusterOptions { KubeconfigPaths = [kubeconfig], RequestTimeout = TimeSpan.FromSeconds(5) };
        return change is null ? options : change(options);
    }

    private static async Task<(ClusterSnapshot Snapshot, FakeApiServer Server)> ReadSampleAsync(Action<FakeCluster>? arrange = null, Func<ClusterOptions, ClusterOptions>? change = null)
    {
        var cluster = SampleCluster.Build();
        arrange?.Invoke(cluster);
        var server = new FakeApiServer(cluster);
        var kubeconfig = Kubeconfig.Write(TempRoot, server.Url, null);
        var snapshot = await ClusterReader.ReadAsync(Options(kubeconfig, change));
        return (snapshot, server);
    }

    [TestMethod]
    public async Task LiveRead_MapsEveryKindThroughTheFileMappers()
    {
        var (snapshot, server) = await ReadSampleAsync();
        await using var _ = server;
        Assert.AreEqual(0, snapshot.Problems.Length, string.Join("\n", snapshot.Problems));
        var kinds = snapshot.Load.Objects.GroupBy(o => o.Kind).ToDictionary(g => g.Key, g => g.Count());
        Assert.AreEqual(6, kinds["Namespace"]);
        Assert.AreEqual(4, kinds["Pod"]);
        Assert.AreEqual(2, kinds["Deployment"]);
        Assert.AreEqual(1, kinds["PeerAuthentication"]);
        Assert.AreEqual(1, kinds["HTTPRoute"]);
        Assert.AreEqual(1, kinds["ServiceDefaults"]);
        Assert.AreEqual(1, kinds["MutatingWebhookConfiguration"]);
        Assert.IsFalse(kinds.ContainsKey("Secret"));
        Assert.IsFalse(kinds.ContainsKey("ConfigMap"));
        Assert.IsFalse(kinds.ContainsKey("ReplicaSet"));
        Assert.IsFalse(kinds.ContainsKey("ClusterRole"));
        Assert.AreEqual("v1.31.2", snapshot.ServerVersion);

        var permissive = snapshot.Load.Objects.OfType<Core.Model.Istio.PeerAuthentication>().Single();
        Assert.AreEqual("PERMISSIVE", permissive.MtlsMode?.Value);
        Assert.IsTrue(permissive.Origin.IsLive);
        Assert.AreEqual(server.Url, permissive.Origin.Cluster);
        Assert.IsFalse(permissive.MtlsMode!.Value.Span.HasFile, "live objects have no file");
        Assert.AreEqual("apis/security.istio.io/v1/namespaces/demo/peerauthentications/default", snapshot.ObjectPaths[permissive.Ref]);

        // Built-in list items carry no apiVersion/kind: the reader takes them from discovery.
        var service = snapshot.Load.Objects.OfType<Core.Model.Kubernetes.Service>().Single();
        Assert.AreEqual("v1", service.Header.ApiVersion.Value);
        Assert.AreEqual(80, service.Ports.Single().Port?.Value);
        Assert.AreEqual(0, snapshot.Load.Diagnostics.Length, string.Join("\n", snapshot.Load.Diagnostics.Select(d => d.Message)));
    }

    [TestMethod]
    public async Task LiveRead_OnlyGetsAndListsAndNeverTouchesSecrets()
    {
        var (snapshot, server) = await ReadSampleAsync(c => SampleCluster.AddPods(c, 25), o => o with { PageSize = 10 });
        await using var _ = server;
        Assert.IsTrue(snapshot.AnythingRead);
        var requests = server.Requests.ToList();
        Assert.IsTrue(requests.Count > 10);
        foreach (var request in requests)
        {
            Assert.AreEqual("GET", request.Method, request.ToString());
            Assert.IsFalse(request.Path.Split('/').Contains("secrets"), $"read a Secret: {request}");
            Assert.IsFalse(request.Query.Contains("watch=true", StringComparison.Ordinal), request.ToString());
            Assert.AreEqual("Bearer test-token", request.Authorization, "the kubeconfig's token is sent");
        }

        // Discovery, then lists: every list verb is a GET on a collection (with limit), every get a GET on one object.
        CollectionAssert.IsSubsetOf(new[] { "/version", "/apis", "/api/v1" }, requests.Select(r => r.Path).ToList());
        Assert.AreEqual(snapshot.Requests, requests.Count);
    }

    [TestMethod]
    public async Task LiveRead_FollowsContinueTokensAcrossPages()
    {
        var (snapshot, server) = await ReadSampleAsync(c => SampleCluster.AddPods(c, 23), o => o with { PageSize = 5 });
        await using var _ = server;
        Assert.AreEqual(27, snapshot.Load.Objects.Count(o => o.Kind == "Pod"));
        var podPages = server.Requests.Where(r => r.Path == "/api/v1/pods").ToList();
        Assert.AreEqual(6, podPages.Count, string.Join("\n", podPages));
        Assert.AreEqual(5, podPages.Count(r => r.Query.Contains("continue=page%3A", StringComparison.Ordinal)));
        Assert.AreEqual(27, snapshot.Load.Objects.Where(o => o.Kind == "Pod").Select(o => o.Name).Distinct().Count());
    }

    [TestMethod]
    public async Task ExpiredContinueToken_RestartsTheList()
    {
        var (snapshot, server) = await ReadSampleAsync(c =>
        {
            SampleCluster.AddPods(c, 12);
            c.ExpireFirstContinue.Add("pods");
        }, o => o with { PageSize = 5 });
        await using var _ = server;
        Assert.AreEqual(0, snapshot.Problems.Length, string.Join("\n", snapshot.Problems));
        Assert.AreEqual(16, snapshot.Load.Objects.Count(o => o.Kind == "Pod"), "no pod twice, none lost");
        Assert.AreEqual(16, snapshot.Load.Objects.Where(o => o.Kind == "Pod").Select(o => o.Name).Distinct().Count());
    }

    [TestMethod]
    public async Task Throttling_IsRetriedAfterRetryAfter()
    {
        var (snapshot, server) = await ReadSampleAsync(c => c.ThrottleOnce.Add("services"));
        await using var _ = server;
        Assert.AreEqual(0, snapshot.Problems.Length, string.Join("\n", snapshot.Problems));
        Assert.AreEqual(1, snapshot.Load.Objects.Count(o => o.Kind == "Service"));
        Assert.AreEqual(2, server.Requests.Count(r => r.Path == "/api/v1/services"));
    }

    [TestMethod]
    public async Task ForbiddenKind_IsReportedAndTheRestIsRead()
    {
        var (snapshot, server) = await ReadSampleAsync(c => c.Forbidden.Add("authorizationpolicies.security.istio.io"));
        await using var _ = server;
        var problem = snapshot.Problems.Single();
        StringAssert.Contains(problem, "authorizationpolicies.security.istio.io");
        StringAssert.Contains(problem, "forbidden (403)");
        StringAssert.Contains(problem, "cannot list resource");
        Assert.IsFalse(snapshot.Load.Objects.Any(o => o.Kind == "AuthorizationPolicy" && o.Header.Group == "security.istio.io"));
        Assert.IsTrue(snapshot.Load.Objects.Any(o => o.Kind == "PeerAuthentication"));
        Assert.IsFalse(snapshot.KindsRead.Contains("AuthorizationPolicy") && snapshot.ResourcesRead.Any(r => r.Group == "security.istio.io" && r.Kind == "AuthorizationPolicy"));
    }

    [TestMethod]
    public async Task SlowList_TimesOutAloneAndAFastEnoughOneIsWaitedFor()
    {
        var (snapshot, server) = await ReadSampleAsync(c =>
        {
            c.Delays["destinationrules.networking.istio.io"] = TimeSpan.FromSeconds(20);
            c.Delays["virtualservices.networking.istio.io"] = TimeSpan.FromMilliseconds(300);
            c.Add("networking.istio.io", "virtualservices",
                """{"apiVersion":"networking.istio.io/v1","kind":"VirtualService","metadata":{"name":"web","namespace":"demo"},"spec":{"hosts":["web"],"http":[{"route":[{"destination":{"host":"web"}}]}]}}""");
        }, o => o with { RequestTimeout = TimeSpan.FromSeconds(1.5) });
        await using var _ = server;
        var problem = snapshot.Problems.Single();
        StringAssert.Contains(problem, "destinationrules.networking.istio.io");
        StringAssert.Contains(problem, "no answer within 1.5 s");
        Assert.AreEqual(1, snapshot.Load.Objects.Count(o => o.Kind == "VirtualService"));
    }

    [TestMethod]
    public async Task MeshNotInstalled_IsSimplyAbsent()
    {
        var cluster = new FakeCluster();
        cluster.Serve(string.Empty, "v1", "namespaces", "Namespace", false);
        cluster.Serve(string.Empty, "v1", "pods", "Pod", true);
        cluster.Add(string.Empty, "namespaces", SampleCluster.Namespace("default", "{}", "{}"));
        await using var server = new FakeApiServer(cluster);
        var snapshot = await ClusterReader.ReadAsync(Options(Kubeconfig.Write(TempRoot, server.Url, null)));
        Assert.AreEqual(0, snapshot.Problems.Length, string.Join("\n", snapshot.Problems));
        Assert.AreEqual(1, snapshot.Load.Objects.Length);
        Assert.IsFalse(server.Requests.Any(r => r.Path.Contains("istio", StringComparison.Ordinal) || r.Path.Contains("linkerd", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task Namespaces_RestrictListsAndGetOnlyThoseNamespaces()
    {
        var (snapshot, server) = await ReadSampleAsync(change: o => o with { Namespaces = ["demo"] });
        await using var _ = server;
        Assert.AreEqual(0, snapshot.Problems.Length, string.Join("\n", snapshot.Problems));
        Assert.AreEqual("demo", snapshot.Load.Objects.OfType<Core.Model.Kubernetes.Namespace>().Single().Name);
        Assert.IsTrue(snapshot.Load.Objects.Where(o => o.Namespace is not null).All(o => o.Namespace == "demo"));
        Assert.IsTrue(server.Requests.Any(r => r.Path == "/api/v1/namespaces/demo"));
        Assert.IsTrue(server.Requests.Any(r => r.Path == "/api/v1/namespaces/demo/pods"));
        Assert.IsFalse(server.Requests.Any(r => r.Path == "/api/v1/pods" || r.Path == "/api/v1/namespaces"));
        Assert.AreEqual(1, snapshot.Load.Objects.Count(o => o.Kind == "MutatingWebhookConfiguration"), "cluster-scoped kinds are still read");
    }

    [TestMethod]
    public async Task Tls_VerifiesTheServerAgainstTheKubeconfigAuthority()
    {
        using var certificates = new TestCertificates();
        await using var server = new FakeApiServer(SampleCluster.Build(), certificates.Server);
        var snapshot = await ClusterReader.ReadAsync(Options(Kubeconfig.Write(TempRoot, server.Url, certificates.AuthorityPemBase64)));
        Assert.AreEqual(0, snapshot.Problems.Length, string.Join("\n", snapshot.Problems));
        Assert.IsTrue(snapshot.Load.Objects.Length > 10);
        StringAssert.StartsWith(snapshot.Server, "https://127.0.0.1:");
    }

    [TestMethod]
    public async Task Tls_WithTheWrongAuthority_FailsUnlessVerificationIsSkipped()
    {
        using var certificates = new TestCertificates();
        using var other = new TestCertificates();
        await using var server = new FakeApiServer(SampleCluster.Build(), certificates.Server);
        var kubeconfig = Kubeconfig.Write(TempRoot, server.Url, other.AuthorityPemBase64);

        var refused = await ClusterReader.ReadAsync(Options(kubeconfig));
        Assert.IsFalse(refused.AnythingRead);
        StringAssert.Contains(refused.Problems.Single(), "TLS handshake failed");
        Assert.AreEqual(0, server.Requests.Count, "nothing is sent to a server that failed verification");

        var insecure = await ClusterReader.ReadAsync(Options(kubeconfig, o => o with { InsecureSkipTlsVerify = true }));
        Assert.IsTrue(insecure.AnythingRead, string.Join("\n", insecure.Problems));
    }

    [TestMethod]
    public async Task UnreachableServer_IsOneClearProblem()
    {
        var snapshot = await ClusterReader.ReadAsync(Options(Kubeconfig.Write(TempRoot, "http://127.0.0.1:1", null)));
        Assert.IsFalse(snapshot.AnythingRead);
        StringAssert.Contains(snapshot.Problems.Single(), "cannot reach the API server at http://127.0.0.1:1");
    }

    [TestMethod]
    public async Task RejectedToken_IsOneClearProblem()
    {
        var (snapshot, server) = await ReadSampleAsync(c => c.RequiredToken = "another-token");
        await using var _ = server;
        Assert.IsFalse(snapshot.AnythingRead);
        StringAssert.Contains(snapshot.Problems.Single(), "rejected the credentials (401 Unauthorized)");
    }

    [TestMethod]
    public void UnknownContext_NamesTheContextsThatExist()
    {
        var kubeconfig = Kubeconfig.Write(TempRoot, "http://127.0.0.1:1", null);
        var error = Assert.ThrowsExactly<ClusterConfigurationException>(() => ClusterReader.ReadAsync(Options(kubeconfig, o => o with { Context = "prod" })).GetAwaiter().GetResult());
        StringAssert.Contains(error.Message, "context 'prod' is not in the kubeconfig (it has: test, other)");
    }

    [TestMethod]
    public async Task KubeconfigList_IsMergedLikeKubectl_FirstFileWins()
    {
        await using var server = new FakeApiServer(SampleCluster.Build());
        var first = Kubeconfig.Write(TempRoot, server.Url, null, context: "first");
        var second = Kubeconfig.Write(TempRoot, "http://127.0.0.1:1", null, context: "second");
        var options = new ClusterOptions { KubeconfigPaths = [Path.Combine(TempRoot, "missing.yaml"), first, second], Context = "second" };

        // "second" comes from the second file, but its cluster name is taken from the first file, as kubectl would.
        var snapshot = await ClusterReader.ReadAsync(options);
        Assert.AreEqual(server.Url, snapshot.Server);
        Assert.IsTrue(snapshot.AnythingRead, string.Join("\n", snapshot.Problems));
    }

    [TestMethod]
    public void SecretsGuard_RefusesAnyPathNamingSecrets()
    {
        Assert.IsTrue(LiveKinds.TouchesSecrets("/api/v1/namespaces/demo/secrets?limit=500"));
        Assert.IsTrue(LiveKinds.TouchesSecrets("/api/v1/secrets"));
        Assert.IsFalse(LiveKinds.TouchesSecrets("/api/v1/namespaces/secrets-app/pods"));
        Assert.IsFalse(LiveKinds.IsWanted(string.Empty, "secrets"));
        Assert.IsFalse(LiveKinds.IsWanted("consul.hashicorp.com", "servicedefaults/status"));
    }

    /// <summary>A few thousand objects in pages of 500: every one arrives once, mapped. (The second read is the warm one; nothing here asserts time.)</summary>
    [TestMethod]
    public async Task LargeCluster_ReadsThousandsOfObjectsInPages()
    {
        var cluster = SampleCluster.Build();
        SampleCluster.AddPods(cluster, 3000);
        await using var server = new FakeApiServer(cluster);
        var kubeconfig = Kubeconfig.Write(TempRoot, server.Url, null);
        await ClusterReader.ReadAsync(Options(kubeconfig));
        var snapshot = await ClusterReader.ReadAsync(Options(kubeconfig));
        Assert.AreEqual(0, snapshot.Problems.Length, string.Join("\n", snapshot.Problems));
        Assert.AreEqual(3004, snapshot.Load.Objects.Count(o => o.Kind == "Pod"));
        Assert.AreEqual(14, server.Requests.Count(r => r.Path == "/api/v1/pods"), "3004 pods in pages of 500, read twice");
    }
}
