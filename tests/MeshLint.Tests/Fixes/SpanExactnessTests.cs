using System.Text;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Engine.Fixes;
using MeshLint.Loading;

namespace MeshLint.Tests.Fixes;

/// <summary>
/// Fixes replace the text between a node's start and end marks, so those marks must be exact: YamlDotNet lines and
/// columns are 1-based, the end column is exclusive, a quoted scalar's span includes its quotes, and lines are counted
/// the way <see cref="SourceText"/> counts them (CR LF as one break).
/// </summary>
[TestClass]
public sealed class SpanExactnessTests
{
    private const string Header = "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: shop\nspec:\n";

    [TestMethod]
    [DataRow("  mtls:\n    mode: PERMISSIVE\n", "PERMISSIVE")]
    [DataRow("  mtls:\n    mode: PERMISSIVE # migrating\n", "PERMISSIVE")]
    [DataRow("  mtls:\n    mode: \"PERMISSIVE\"\n", "\"PERMISSIVE\"")]
    [DataRow("  mtls:\n    mode: 'PERMISSIVE'   \n", "'PERMISSIVE'")]
    [DataRow("  mtls: {mode: PERMISSIVE}\n", "PERMISSIVE")]
    [DataRow("  mtls: {mode: \"PERMISSIVE\" }\n", "\"PERMISSIVE\"")]
    [DataRow("  mtls:\n    mode: PERMISSIVE", "PERMISSIVE")]
    public void ScalarSpan_CoversExactlyTheScalarText(string tail, string expected)
    {
        Assert.AreEqual(expected, ModeText(Header + tail));
    }

    [TestMethod]
    public void CrLfFile_SpansCountCrLfAsOneLineBreak()
    {
        var text = (Header + "  mtls:\n    mode: \"PERMISSIVE\" # keep\n").Replace("\n", "\r\n", StringComparison.Ordinal);
        Assert.AreEqual("\"PERMISSIVE\"", ModeText(text));
    }

    [TestMethod]
    public void WideCharactersBeforeTheScalar_CountAsUtf16CodeUnits()
    {
        // An emoji is two UTF-16 code units (SARIF's default column kind) and é is one.
        var text = Header.Replace("name: default", "name: default\n  labels: {team: \"é😀\", mode: x}", StringComparison.Ordinal) + "  mtls: {a: \"😀😀\", mode: PERMISSIVE}\n";
        Assert.AreEqual("PERMISSIVE", ModeText(text));
    }

    [TestMethod]
    public void UnicodeLineSeparators_AreLineBreaksForTheParserAndForFixes()
    {
        var text = "# a comment ends at a line separator\u2028\u0085\r\n" + Header + "  mtls:\n    mode: PERMISSIVE\n";
        Assert.AreEqual("PERMISSIVE", ModeText(text));
    }

    [TestMethod]
    public void FileWithByteOrderMark_SpansAreRelativeToTheTextAfterIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"meshlint-bom-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{apiVersion: security.istio.io/v1, kind: PeerAuthentication, metadata: {name: a, namespace: shop}, spec: {mtls: {mode: 'PERMISSIVE'}}}\n")]);
            var load = ManifestLoader.LoadFiles([path], new LoadOptions { BaseDirectory = Path.GetTempPath() });
            var policy = load.Objects.OfType<PeerAuthentication>().Single();
            var source = new SourceText(load.Files.Single().Text);
            Assert.AreEqual("'PERMISSIVE'", Slice(source, policy.MtlsMode!.Value.Span));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void MultiLinePlainScalar_SpanEndsAfterItsLastLine()
    {
        var text = Header + "  mtls:\n    mode: PERMISSIVE\n      STILL\n";
        Assert.AreEqual("PERMISSIVE\n      STILL", ModeText(text));
    }

    private static string ModeText(string text)
    {
        var load = ManifestLoader.LoadText("x.yaml", text);
        Assert.AreEqual(0, load.Diagnostics.Length, string.Join("; ", load.Diagnostics.Select(d => d.Message)));
        var policy = load.Objects.OfType<PeerAuthentication>().Single();
        return Slice(new SourceText(text), policy.MtlsMode!.Value.Span);
    }

    internal static string Slice(SourceText text, Core.Model.SourceSpan span)
    {
        Assert.IsTrue(text.TryGetOffset(span.StartLine, span.StartColumn, out var start), $"start {span} is in the text");
        Assert.IsTrue(text.TryGetOffset(span.EndLine, span.EndColumn, out var end), $"end {span.EndLine}:{span.EndColumn} is in the text");
        return text.Text[start..end];
    }
}

[TestClass]
public sealed class LoaderRobustnessTests
{
    [TestMethod]
    public void UnclosedFlowSequenceBeforeAComment_IsAParseErrorNotACrash()
    {
        var load = ManifestLoader.LoadText("x.yaml", "kind: A\nspec:\n  mode: [unclosed   # comment\n  other: 1\n");
        var error = load.Diagnostics.Single();
        Assert.AreEqual("ML9001", error.RuleId);
        Assert.IsTrue(error.Location.StartLine >= 1);
    }
}
