using System.Text.RegularExpressions;
using MeshLint.Engine;
using MeshLint.Loading;
using MeshLint.Reporting;
using MeshLint.Reporting.Audit;
using MeshLint.Tests.Support;

namespace MeshLint.Tests.Reporting;

/// <summary>The audit report (<c>--format markdown|html</c>): its model, its templates, and that no manifest string escapes.</summary>
[TestClass]
public sealed partial class AuditReportTests
{
    internal static ReportInput Input(string root, IEnumerable<string>? paths = null)
    {
        var (files, _) = FileDiscovery.Discover(paths ?? [root]);
        var load = ManifestLoader.LoadFiles(files, new LoadOptions { BaseDirectory = root });
        var result = AnalysisEngine.Analyze(load);
        return new ReportInput(result.Findings, RuleCatalog.Descriptors, RuleCatalog.Documentation, load.Files.Length, load.Objects.Length, "0.0.0-test", root)
        {
            Index = result.Index,
            Sources = load.Files.ToDictionary(f => f.Path, f => f.Text),
            Inputs = ["fixtures/demo"],
            GeneratedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 0, TimeSpan.Zero),
        };
    }

    internal static ReportInput Demo() => Input(Repo.Root, [Repo.PathOf("fixtures", "demo")]);

    [TestMethod]
    public void DemoModel_HasTheMtlsPostureOfEachNamespace()
    {
        var report = AuditModelBuilder.Build(Demo());
        Assert.AreEqual("STRICT", report.MeshDefault.Mode);
        var shop = report.Namespaces.Single(n => n.Name == "shop");
        Assert.AreEqual("PERMISSIVE", shop.MtlsMode);
        StringAssert.Contains(shop.MtlsDecidedBy, "PeerAuthentication shop/default");
        Assert.AreEqual(Status.Warn, shop.MtlsStatus);
        Assert.AreEqual("fixtures/demo/security.yaml:18:11", shop.MtlsLocation!.Text);
        var ingress = report.Namespaces.Single(n => n.Name == "istio-ingress");
        Assert.AreEqual("STRICT", ingress.MtlsMode);
        StringAssert.Contains(ingress.MtlsDecidedBy, "mesh-wide");
    }

    [TestMethod]
    public void DemoModel_HasAuthorizationCoveragePerWorkload()
    {
        var report = AuditModelBuilder.Build(Demo());
        var byName = report.Workloads.ToDictionary(w => w.Name);
        Assert.AreEqual("allow-listed", byName["frontend"].Authorization);
        Assert.AreEqual("shop/frontend-from-ingress", byName["frontend"].Allow.Single().Text);
        Assert.AreEqual("allows any request", byName["cart-v1"].Authorization);
        Assert.AreEqual(Status.Bad, byName["cart-v1"].AuthorizationStatus);
        Assert.AreEqual("default allow", byName["checkout"].Authorization);
        CollectionAssert.AreEqual(new[] { "istio-ingress/shop-gateway" }, byName["frontend"].IngressGateways.ToArray());
        Assert.AreEqual(0, byName["checkout"].IngressGateways.Count);

        var shop = report.Namespaces.Single(n => n.Name == "shop");
        Assert.AreEqual((1, 2, 1, 0), (shop.DefaultAllowCount, shop.AllowAnyCount, shop.AllowListedCount, shop.DenyAllCount));
    }

    [TestMethod]
    public void DemoModel_HasIngressExposureAndFixes()
    {
        var report = AuditModelBuilder.Build(Demo());
        var https = report.Ingress.Single(l => l.Port == "443");
        Assert.AreEqual(("istio-ingress/shop-gateway", "HTTPS", "SIMPLE", Status.Good), (https.Gateway, https.Protocol, https.Tls, https.TlsStatus));
        StringAssert.Contains(https.TlsDetail, "shop-example-com-cert");
        CollectionAssert.AreEqual(new[] { "shop.example.com" }, https.Hosts.ToArray());
        CollectionAssert.Contains(https.Routes.ToArray(), "VirtualService shop/storefront");
        CollectionAssert.Contains(https.Backends.ToArray(), "frontend.shop.svc.cluster.local");
        Assert.AreEqual("redirect to HTTPS", report.Ingress.Single(l => l.Port == "80").Tls);

        var fix = report.Findings.Single(f => f.RuleId == "ML1001").Fixes.Single().Edits.Single();
        Assert.AreEqual(("PERMISSIVE", "STRICT", 18), (fix.Old, fix.New, fix.Line));
        Assert.AreEqual("error", report.Findings[0].Severity, "most severe first");
        Assert.AreEqual(report.Summary.Total, report.Findings.Count);
        Assert.IsTrue(report.Summary.KeyFacts.Any(f => f.Text.Contains("accept plaintext: shop (PERMISSIVE)", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Markdown_HasEverySectionAndReadableTables()
    {
        var markdown = Render(AuditFormat.Markdown, Demo());
        foreach (var heading in new[] { "# MeshLint audit report", "## Summary", "## mTLS posture by namespace", "## Authorization coverage", "## Ingress exposure", "## Findings" })
        {
            StringAssert.Contains("\n" + markdown, "\n" + heading + "\n");
        }

        StringAssert.Contains(markdown, "| `shop` | sidecar | ⚠️ PERMISSIVE | PeerAuthentication shop/default (namespace) at `fixtures/demo/security.yaml:18:11` | — |");
        StringAssert.Contains(markdown, "- **Fix:** Require mutual TLS (mode: STRICT); line 18: `PERMISSIVE` → `STRICT`");
        StringAssert.Contains(markdown, "MeshLint 0.0.0-test · 2026-01-02 03:04 UTC");
        AssertTablesIntact(markdown);
        Assert.IsFalse(markdown.Contains("\n\n\n", StringComparison.Ordinal), "no runs of blank lines");
    }

    [TestMethod]
    public void Html_IsSelfContained()
    {
        var html = Render(AuditFormat.Html, Demo());
        StringAssert.StartsWith(html, "<!DOCTYPE html>");
        StringAssert.Contains(html, "Content-Security-Policy");
        Assert.IsFalse(Regex.IsMatch(html, @"<(script|link|img|iframe|object|embed)\b", RegexOptions.IgnoreCase), "no scripts, stylesheets or images to load");
        Assert.IsFalse(Regex.IsMatch(html, @"url\(|@import", RegexOptions.IgnoreCase), "no CSS that loads anything");
        var sources = Regex.Matches(html, @"\b(src|href)=""(?<u>[^""]*)""").Select(m => m.Groups["u"].Value).ToList();
        Assert.IsTrue(sources.All(u => u.StartsWith('#') || u.StartsWith("https://github.com/meshlint/meshlint/", StringComparison.Ordinal)), string.Join(", ", sources));
    }

    /// <summary>Manifest strings are attacker-controlled: names, labels, hosts, messages must come out as text.</summary>
    [TestMethod]
    public void ManifestStrings_AreEscapedInHtmlAndMarkdown()
    {
        const string payload = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        var root = Directory.CreateTempSubdirectory("meshlint-xss").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "evil.yaml"), $$$"""
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: "x{{{payload}}}"
                  labels: {istio-injection: enabled}
                ---
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata:
                  name: "p{{{payload}}}"
                  namespace: "x{{{payload}}}"
                spec:
                  mtls: {mode: "PERMISSIVE{{{payload}}}"}
                ---
                apiVersion: networking.istio.io/v1
                kind: Gateway
                metadata:
                  name: "g{{{payload}}}"
                  namespace: "x{{{payload}}}"
                spec:
                  selector: {istio: ingressgateway}
                  servers:
                  - port: {number: 80, name: http, protocol: HTTP}
                    hosts: ["h{{{payload}}}.example.com", "| table | breaker |"]
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: "w{{{payload}}}"
                  namespace: "x{{{payload}}}"
                spec:
                  selector: {matchLabels: {app: w}}
                  template:
                    metadata: {labels: {app: w}}
                    spec:
                      serviceAccountName: "sa{{{payload}}}"
                      containers: [{name: c, image: "i{{{payload}}}"}]
                """);
            var input = Input(root);
            var html = Render(AuditFormat.Html, input);
            Assert.IsFalse(html.Contains("<script", StringComparison.OrdinalIgnoreCase), "a script tag got through");
            Assert.IsFalse(html.Contains("<img", StringComparison.OrdinalIgnoreCase), "an img tag got through");
            StringAssert.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;");
            var tags = Regex.Matches(html, @"<([a-zA-Z][a-zA-Z0-9]*)").Select(m => m.Groups[1].Value.ToLowerInvariant()).ToHashSet();
            tags.ExceptWith(AllowedTags);
            Assert.AreEqual(0, tags.Count, "unexpected elements: " + string.Join(", ", tags));
            Assert.IsFalse(Regex.IsMatch(html, @"<[^>]*\son[a-z]+=", RegexOptions.IgnoreCase), "an event-handler attribute inside a tag");

            var markdown = Render(AuditFormat.Markdown, input);
            var outsideCode = Regex.Replace(markdown, @"(`+).*?(?<!`)\1(?!`)", string.Empty);
            Assert.IsFalse(Regex.IsMatch(outsideCode, @"(?<!\\)<(script|img)", RegexOptions.IgnoreCase), "raw HTML in Markdown (outside code spans, where it is literal text)");
            StringAssert.Contains(markdown, "\\<script\\>alert(1)\\</script\\>");
            AssertTablesIntact(markdown);

            StringAssert.Contains(markdown, "`\\| table \\| breaker \\|`", "pipes in a code span are escaped for GitHub tables");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [TestMethod]
    public void EmptyInput_RendersWithoutPostureSections()
    {
        var root = Directory.CreateTempSubdirectory("meshlint-empty").FullName;
        try
        {
            var input = Input(root);
            StringAssert.Contains(Render(AuditFormat.Markdown, input), "No Istio workloads or policies in these files.");
            StringAssert.Contains(Render(AuditFormat.Html, input), "No findings.");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [TestMethod]
    public void CustomTemplate_SeesTheModelAndIsEscapedToo()
    {
        var formatter = new AuditFormatter(AuditFormat.Html, "{{ for ns in namespaces }}[{{ ns.name }}={{ ns.mtls_mode }}]{{ end }} {{ summary.errors }} {{ \"<b>\" }} {{ raw \"<i>\" }}");
        var output = formatter.Render(AuditModelBuilder.Build(Demo()));
        Assert.AreEqual("[istio-ingress=STRICT][shop=PERMISSIVE] 5 &lt;b&gt; <i>", output);
    }

    [TestMethod]
    public void BrokenTemplates_AreReportedWithTheirProblem()
    {
        var parse = Assert.ThrowsExactly<TemplateException>(() => new AuditFormatter(AuditFormat.Markdown, "{{ for x in }}", "my.scriban"));
        StringAssert.Contains(parse.Message, "my.scriban");
        var run = Assert.ThrowsExactly<TemplateException>(() => new AuditFormatter(AuditFormat.Markdown, "{{ no_such_variable }}").Render(AuditModelBuilder.Build(Demo())));
        StringAssert.Contains(run.Message, "no_such_variable");
    }

    [TestMethod]
    public void MarkdownCode_HoldsBackticksAndPipes()
    {
        Assert.AreEqual("`a\\|b`", AuditFormatter.MarkdownCode("a|b"));
        Assert.AreEqual("``a`b``", AuditFormatter.MarkdownCode("a`b"));
        Assert.AreEqual("`` `x ``", AuditFormatter.MarkdownCode("`x"));
        Assert.AreEqual("\\<b\\> \\*x\\* \\[l\\]", AuditFormatter.EscapeMarkdown("<b> *x* [l]"));
    }

    private static readonly HashSet<string> AllowedTags =
    [
        "html", "head", "meta", "title", "style", "body", "header", "nav", "main", "section", "footer", "div", "span", "p",
        "h1", "h2", "h3", "a", "code", "strong", "table", "colgroup", "col", "thead", "tbody", "tr", "th", "td", "ul", "li",
        "dl", "dt", "dd", "del", "ins", "br", "wbr",
    ];

    /// <summary>Every row of every Markdown table has as many cells as its header: no value broke a table.</summary>
    private static void AssertTablesIntact(string markdown)
    {
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith('|') || (i > 0 && lines[i - 1].StartsWith('|')))
            {
                continue;
            }

            var header = Cells(lines[i]);
            for (var j = i + 1; j < lines.Length && lines[j].StartsWith('|'); j++)
            {
                Assert.AreEqual(header, Cells(lines[j]), $"table row breaks its table: {lines[j]}");
            }
        }
    }

    private static int Cells(string row) => Regex.Count(row, @"(?<!\\)\|");

    internal static string Render(AuditFormat format, ReportInput input)
    {
        using var writer = new StringWriter();
        new AuditFormatter(format).Write(input, writer);
        return writer.ToString();
    }
}
