using System.Collections.Immutable;
using MeshLint.Core.Index;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Engine;
using MeshLint.Engine.Configuration;
using MeshLint.Tests.Support;

namespace MeshLint.Tests;

/// <summary>
/// Rules that report something missing (closed-world) on folders that may hold only part of the mesh: a lower
/// severity until <c>mesh.complete</c> is set, and never for what <c>mesh.external</c> says lives elsewhere.
/// </summary>
[TestClass]
public sealed class ClosedWorldTests
{
    private const string PolicyWithMissingServer = """
        apiVersion: policy.linkerd.io/v1beta3
        kind: Server
        metadata:
          name: api-http
          namespace: payments
        spec:
          podSelector:
            matchLabels:
              app: api
          port: http
          accessPolicy: audit
        ---
        apiVersion: policy.linkerd.io/v1alpha1
        kind: AuthorizationPolicy
        metadata:
          name: api-admin-from-ops
          namespace: payments
        spec:
          targetRef:
            group: policy.linkerd.io
            kind: Server
            name: api-admin
          requiredAuthenticationRefs:
            - kind: ServiceAccount
              name: ops
        """;

    private const string RedirectToUnknownService = """
        apiVersion: consul.hashicorp.com/v1alpha1
        kind: ServiceResolver
        metadata:
          name: web
        spec:
          redirect:
            service: web-legacy
        """;

    private static AnalysisOptions Options(bool complete = false, params string[] external) =>
        new() { Settings = new MeshSettings { Complete = complete, External = [.. external] } };

    private static List<Finding> Run(string yaml, string ruleId, AnalysisOptions options) =>
        UnitChecker.AnalyzeText("unit.yaml", yaml.ReplaceLineEndings("\n"), options).Where(f => f.RuleId == ruleId).ToList();

    public static IEnumerable<object[]> LinkerdAndConsulClosedWorldRules() =>
        RuleCatalog.Rules.Select(r => r.Descriptor)
            .Where(d => d.ClosedWorld && (d.Mesh is Mesh.Linkerd or Mesh.Consul || d.IncompleteSeverity is not null))
            .Select(d => new object[] { d.Id });

    [TestMethod]
    [DynamicData(nameof(LinkerdAndConsulClosedWorldRules))]
    public void ClosedWorldRule_IsLowerUntilTheFilesAreDeclaredComplete(string id)
    {
        var descriptor = RuleCatalog.Rules.Single(r => r.Descriptor.Id == id).Descriptor;
        Assert.IsNotNull(descriptor.IncompleteSeverity, $"{id} reports something missing: give it an IncompleteSeverity");
        Assert.IsTrue(descriptor.IncompleteSeverity < descriptor.DefaultSeverity || descriptor.IncompleteSeverity == Severity.Note,
            $"{id}: the severity while mesh.complete is false must be lower than {descriptor.DefaultSeverity}");

        var units = Directory.EnumerateFileSystemEntries(Repo.PathOf("fixtures", id), "bad*").ToList();
        Assert.AreNotEqual(0, units.Count);
        var sawLower = false;
        foreach (var unit in units)
        {
            var incomplete = UnitChecker.Analyze(unit, Options()).Where(f => f.RuleId == id).ToList();
            var complete = UnitChecker.Analyze(unit, Options(complete: true)).Where(f => f.RuleId == id).ToList();
            foreach (var finding in incomplete)
            {
                var same = complete.SingleOrDefault(f => f.Location == finding.Location && f.Message == finding.Message);
                Assert.IsNotNull(same, $"{unit}: {finding.Message} must be reported as well when the files are complete");
                Assert.IsTrue(finding.Severity <= same.Severity, $"{unit}: {finding.Message}");
                sawLower |= finding.Severity < same.Severity || finding.Severity == descriptor.IncompleteSeverity;
            }

            Assert.IsTrue(complete.Count >= incomplete.Count, unit);
        }

        Assert.IsTrue(sawLower, $"{id}: no bad fixture shows the lower severity of a partial folder");
    }

    [TestMethod]
    public void GatewayApiBackendElsewhere_IsAWarningUntilComplete_AndSilentWhenExternal()
    {
        const string route = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata:
              name: storefront
              namespace: shop
            spec:
              rules:
                - backendRefs:
                    - name: catalog
                      port: 8080
            """;
        var partial = Run(route, "ML4009", Options());
        Assert.AreEqual(Severity.Warning, partial.Single().Severity);
        StringAssert.Contains(partial[0].Message, "shop/catalog");
        Assert.AreEqual(Severity.Error, Run(route, "ML4009", Options(complete: true)).Single().Severity);
        Assert.AreEqual(0, Run(route, "ML4009", Options(true, "shop/catalog")).Count);
        Assert.AreEqual(0, Run(route, "ML4009", Options(true, "shop/*")).Count);
    }

    [TestMethod]
    public void MissingServer_IsANoteInAPartialFolder_AndAWarningInACompleteOne()
    {
        var partial = Run(PolicyWithMissingServer, "ML2011", Options());
        Assert.AreEqual(1, partial.Count);
        Assert.AreEqual(Severity.Note, partial[0].Severity);
        StringAssert.Contains(partial[0].Message, "No Server named api-admin was found in namespace payments");
        StringAssert.Contains(partial[0].Message, "in the scanned files");

        var complete = Run(PolicyWithMissingServer, "ML2011", Options(complete: true));
        Assert.AreEqual(Severity.Warning, complete.Single().Severity);
    }

    [TestMethod]
    public void MissingServer_NamedExternal_IsNotReported()
    {
        Assert.AreEqual(0, Run(PolicyWithMissingServer, "ML2011", Options(true, "payments/api-admin")).Count, "namespace/name");
        Assert.AreEqual(0, Run(PolicyWithMissingServer, "ML2011", Options(true, "payments/*")).Count, "namespace/*");
        Assert.AreEqual(1, Run(PolicyWithMissingServer, "ML2011", Options(true, "billing/*", "payments/api")).Count, "other entries do not match");
    }

    [TestMethod]
    public void NamespaceWithoutServers_IsReportedOnlyWhenComplete()
    {
        var policyOnly = PolicyWithMissingServer[PolicyWithMissingServer.IndexOf("apiVersion: policy.linkerd.io/v1alpha1", StringComparison.Ordinal)..];
        Assert.AreEqual(0, Run(policyOnly, "ML2011", Options()).Count, "no Server of the namespace is in view: it may live elsewhere");
        var complete = Run(policyOnly, "ML2011", Options(complete: true));
        Assert.AreEqual(Severity.Warning, complete.Single().Severity);
        StringAssert.Contains(complete[0].Message, "among the 0 Server(s)");
    }

    [TestMethod]
    public void UnknownConsulService_FollowsCompleteAndExternal()
    {
        var partial = Run(RedirectToUnknownService, "ML3018", Options());
        Assert.AreEqual(Severity.Note, partial.Single().Severity);
        StringAssert.Contains(partial[0].Message, "web-legacy");
        StringAssert.Contains(partial[0].Message, "in the scanned files");
        Assert.AreEqual(Severity.Warning, Run(RedirectToUnknownService, "ML3018", Options(complete: true)).Single().Severity);
        Assert.AreEqual(0, Run(RedirectToUnknownService, "ML3018", Options(true, "web-legacy")).Count, "a bare name is a Consul service");
        Assert.AreEqual(0, Run(RedirectToUnknownService, "ML3018", Options(true, "legacy/web-legacy")).Count, "Consul names are not namespaced on CE");
    }

    [TestMethod]
    public void ExternalEntries_MatchNameNamespaceAndWildcard()
    {
        var settings = new MeshSettings { External = ["payments/ledger", "billing/*", "web-legacy"] };
        Assert.IsTrue(ClosedWorld.IsExternal(settings, "payments", "ledger"));
        Assert.IsFalse(ClosedWorld.IsExternal(settings, "payments", "ledger-v2"));
        Assert.IsFalse(ClosedWorld.IsExternal(settings, "shop", "ledger"));
        Assert.IsTrue(ClosedWorld.IsExternal(settings, "billing", "anything"));
        Assert.IsTrue(ClosedWorld.IsExternal(settings, "shop", "web-legacy"));
        Assert.IsTrue(ClosedWorld.IsExternal(settings, null, "ledger"), "a Consul service name matches in any namespace");
        Assert.IsTrue(ClosedWorld.IsExternalNamespace(settings, "billing"));
        Assert.IsFalse(ClosedWorld.IsExternalNamespace(settings, "payments"));
    }

    [TestMethod]
    public void MeshLintYaml_DeclaresCompleteAndExternal()
    {
        var config = ConfigReader.Read("""
            mesh:
              complete: true
              external:
                - payments/api-admin
                - billing/*
            """.ReplaceLineEndings("\n"), ".meshlint.yaml", "/repo");
        Assert.IsTrue(config.Mesh.Complete);
        CollectionAssert.AreEqual(new[] { "payments/api-admin", "billing/*" }, config.Mesh.External.ToArray());
        Assert.AreEqual(0, Run(PolicyWithMissingServer, "ML2011", new AnalysisOptions { Settings = config.Mesh }).Count);
        Assert.IsTrue(MeshSettingsBinder.Keys().Any(k => k.Key == "mesh.external" && k.Description.Length > 0));
    }
}
