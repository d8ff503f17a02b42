using System.Globalization;
using System.Text;
using CsCheck;
using MeshLint.Core.Rules;
using MeshLint.Engine;
using MeshLint.Loading;
using MeshLint.Reporting;
using MeshLint.Tests.Support;

namespace MeshLint.Tests;

/// <summary>
/// Property: whatever the bytes, loading and analysing them never throws, never fails internally (ML9028, ML9004)
/// and every loader finding has a file, a line and a column. CsCheck shrinks a failing case and prints its seed.
/// The iteration counts are bounded for CI; MESHLINT_FUZZ_SCALE=20 runs twenty times as many locally.
/// </summary>
[TestClass]
public sealed class FuzzTests
{
    private static readonly string[] YamlTokens =
    [
        "apiVersion", "kind", "metadata", "name", "namespace", "spec", "data", "stringData", "items", "labels", "annotations",
        "v1", "List", "Secret", "ConfigMap", "Service", "ports", "port", "security.istio.io/v1", "PeerAuthentication",
        "networking.istio.io/v1", "VirtualService", "DestinationRule", "hosts", "http", "route", "subset", "weight",
        "mtls", "mode", "PERMISSIVE", "selector", "matchLabels", "apps/v1", "Deployment", "template",
        ":", ": ", "- ", "---\n", "...\n", "\n", "\n", "\n", "  ", "  ", "    ", "\t", "{", "}", "[", "]", ",", "? ",
        "&a ", "*a", "&b ", "*b", "<<: ", "\"", "'", "|\n", ">-\n", "# c\n", "!!str ", "!!map ", "!t ", "%YAML 1.2\n",
        "{{ .Values.x }}", "{{- if x }}", "}}", "\\", "\\u00", "\u0000", "\uFEFF", "\u00e9", "\U0001F600", "\ud800", "\r", "\r\n",
        "1e999", "99999999999999999999", "-1", "0x1F", "true", "null", "~", "@", "`", "%", "=",
    ];

    private static readonly string[] JsonTokens =
    [
        "{", "}", "[", "]", ":", ",", "\"apiVersion\"", "\"kind\"", "\"metadata\"", "\"name\"", "\"v1\"", "\"List\"", "\"items\"",
        "\"Secret\"", "\"data\"", "\"a\"", "\"a\"", "1", "-0.5e3", "true", "false", "null", " ", "\t", "\n", "\"", "\\",
        "\"\\u00e9\"", "\"\\ud800\"", "/*", "//", "\u00e9", "\U0001F600", "\u0000",
    ];

    private static readonly Lazy<string[]> Fixtures = new(() => Directory
        .EnumerateFiles(Repo.PathOf("fixtures"), "*", SearchOption.AllDirectories)
        .Where(FileDiscovery.IsManifestPath)
        .Select(File.ReadAllText)
        .ToArray());

    private static long Iterations(long count) =>
        count * (long.TryParse(Environment.GetEnvironmentVariable("MESHLINT_FUZZ_SCALE"), NumberStyles.None, CultureInfo.InvariantCulture, out var scale) ? scale : 1);

    private static readonly Gen<string> YamlSoup = Gen.OneOf(YamlTokens).Array[0, 120].Select(string.Concat);

    private static readonly Gen<string> JsonSoup = Gen.OneOf(JsonTokens).Array[1, 120].Select(tokens => "{" + string.Concat(tokens));

    private static readonly Gen<string> MutatedFixture =
        Gen.Select(Gen.Int[0, 10_000], Gen.Select(Gen.Int[0, 2], Gen.Int, Gen.Int[0, 12], Gen.OneOf(YamlTokens)).Array[1, 12])
            .Select((pick, edits) =>
            {
                var fixtures = Fixtures.Value;
                var text = new StringBuilder(fixtures[pick % fixtures.Length]);
                foreach (var (operation, position, length, token) in edits)
                {
                    var at = text.Length == 0 ? 0 : (int)((uint)position % (uint)text.Length);
                    var count = Math.Min(length, text.Length - at);
                    switch (operation)
                    {
                        case 0:
                            text.Insert(at, token);
                            break;
                        case 1:
                            text.Remove(at, count);
                            break;
                        default:
                            text.Remove(at, count).Insert(at, token);
                            break;
                    }
                }

                return text.ToString();
            });

    [TestMethod]
    public void YamlTokenSoup_NeverBreaksTheLoader() => YamlSoup.Sample(text => Check("fuzz.yaml", text), iter: Iterations(3000));

    [TestMethod]
    public void MutatedFixtures_NeverBreakTheLoader() => MutatedFixture.Sample(text => Check("fuzz.yaml", text), iter: Iterations(1500));

    [TestMethod]
    public void JsonTokenSoup_NeverBreaksTheLoader() => JsonSoup.Sample(text => Check("fuzz.json", text), iter: Iterations(1500));

    [TestMethod]
    public void RandomBytes_NeverBreakTheLoader() =>
        Gen.Byte.Array[0, 400].Sample(bytes =>
        {
            if (ManifestText.TryDecode(bytes, bytes.Length, out var text, out var problem, out var at))
            {
                Check("fuzz.yaml", text);
            }
            else
            {
                Assert.IsTrue(problem.Length > 0 && at.Line >= 1 && at.Column >= 1);
            }
        }, iter: Iterations(1500));

    private static void Check(string name, string text)
    {
        var load = ManifestLoader.LoadText(name, text);
        foreach (var diagnostic in load.Diagnostics)
        {
            if (diagnostic.RuleId == ToolRules.LoaderFailure.Id)
            {
                throw new InvalidOperationException($"loader failure: {diagnostic.Message}");
            }

            if (diagnostic.Location.File != name || diagnostic.Location.StartLine < 1 || diagnostic.Location.StartColumn < 1)
            {
                throw new InvalidOperationException($"{diagnostic.RuleId} has no usable location: {diagnostic.Location}");
            }
        }

        var result = AnalysisEngine.Analyze(load);
        if (result.Findings.FirstOrDefault(f => f.RuleId == ToolRules.RuleFailure.Id) is { } failure)
        {
            throw new InvalidOperationException($"rule failure: {failure.Message}");
        }

        using var writer = new StringWriter();
        new TextFormatter().Write(new ReportInput(result.Findings, RuleCatalog.Descriptors, RuleCatalog.Documentation, 1, load.Objects.Length, "0.0.0", "."), writer);
    }

    /// <summary>Fuzz finding: YamlDotNet's scanner, keeping comments, repeated a token forever on this input.</summary>
    [TestMethod]
    [Timeout(30_000, CooperativeCancellation = true)]
    public void CommentScan_OnBrokenInput_Ends()
    {
        const string text = """
        # Sup&a pressions that cannot be ap-1plied:%YAML 1.2
         eac is reported, and the finding it meant to hide stays.
        apiVersion: secu}}rity.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: amespace: shop
          annotations:
            meshlintPERMISSIVE.io/ignore: "ML1001" # expect: ML9010 "no reason after ':'"
        spec:
          mtls:
            mode: PERMISSIVE # meshlint-ignore ML1001 # expect: ML1001, ML9010 "no reason after '-"
        ---
        apiVersion: security.istio.io/v1
        kind: cation
        metadata:
          name: legacy
          namespace: billing
        spec:
          mtls:
            # meshlint-ignore PermissiveMtls -- clients still send plaintext # expect: ML9010 "use its id ML1001"
            mode: PERMISSIVE # expect: ML1001
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: batch
          namespace: jobs
          annotations:
            meshlint.io/ignore: "ML0999: not a rule" mtls ML9010 "not a MeshLint rule id"
        spec:
          mtls:
            mode: STRICT # meshlint-ignore-line ML1001 -- wrong directive # expect: ML9010 "not a MeshLint directive"
        """;
        var comments = YamlDocuments.Comments(text, "fuzz.yaml");
        Assert.IsTrue(comments.Length >= 1);
        var result = AnalysisEngine.Analyze(ManifestLoader.LoadText("fuzz.yaml", text));
        Assert.IsTrue(result.Findings.Any(f => f.RuleId == "ML9001"));
    }
}
