using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Loading;
using MeshLint.Tests.Fixes;

namespace MeshLint.Tests;

/// <summary>
/// Block scalars whose leading empty lines hold spaces (YAML 1.2 §8.1.1.1), which YamlDotNet rejects: values as the
/// spec reads them, positions exact in the file as written, invalid ones still ML9001 where YamlDotNet marks them.
/// </summary>
[TestClass]
public sealed class BlockScalarLoadingTests
{
    // Line 11 is four spaces, as in Istio's samples/addons/loki.yaml.
    private const string Loki =
        "apiVersion: v1\n" +
        "kind: ConfigMap\n" +
        "metadata:\n" +
        "  name: loki\n" +
        "  namespace: istio-system\n" +
        "  labels:\n" +
        "    app: loki\n" +
        "    version: \"3.3.2\"\n" +
        "data:\n" +
        "  config.yaml: |\n" +
        "    \n" +
        "    auth_enabled: false\n" +
        "  runtime.yaml: |\n" +
        "    {}\n" +
        "---\n" +
        "apiVersion: security.istio.io/v1\n" +
        "kind: PeerAuthentication\n" +
        "metadata:\n" +
        "  name: default\n" +
        "  namespace: logging # the namespace\n" +
        "spec:\n" +
        "  mtls:\n" +
        "    mode: PERMISSIVE # until the agents have sidecars\n";

    [TestMethod]
    public void LeadingLineOfSpaces_IsALineBreak_AndTheFileLoadsWithoutFindings()
    {
        var load = ManifestLoader.LoadText("loki.yaml", Loki);
        Assert.AreEqual(0, load.Diagnostics.Length, string.Join("; ", load.Diagnostics.Select(d => $"{d.Location} {d.Message}")));
        var configMap = (ConfigMap)load.Objects[0];
        var config = (ScalarNode)configMap.Data("config.yaml")!;
        Assert.AreEqual("\nauth_enabled: false\n", config.Value);
        Assert.AreEqual(new SourceSpan("loki.yaml", 10, 16, 13, 1), config.Span);
        Assert.AreEqual("{}\n", ((ScalarNode)configMap.Data("runtime.yaml")!).Value);
        Assert.AreEqual(new SourceSpan("loki.yaml", 13, 3, 13, 15), ((MappingNode)configMap.Root["data"]!).KeyNode("runtime.yaml")!.Span);
    }

    [TestMethod]
    public void NodesAfterTheBlock_HaveExactLinesColumnsAndOffsets()
    {
        var load = ManifestLoader.LoadText("loki.yaml", Loki);
        var policy = load.Objects.OfType<PeerAuthentication>().Single();
        var mode = policy.MtlsMode!.Value;
        Assert.AreEqual(new SourceSpan("loki.yaml", 23, 11, 23, 21), mode.Span);
        var source = new SourceText(Loki);
        Assert.IsTrue(source.TryGetOffset(mode.Span.StartLine, mode.Span.StartColumn, out var offset));
        Assert.AreEqual(Loki.IndexOf("PERMISSIVE", StringComparison.Ordinal), offset);

        // Every plain scalar of the file, before and after the block, covers exactly its own text.
        foreach (var scalar in Scalars(load.Objects.Select(o => (Node)o.Root)).Where(s => s.Style == ScalarStyle.Plain))
        {
            Assert.AreEqual(scalar.Value, SpanExactnessTests.Slice(source, scalar.Span), $"span {scalar.Span}");
        }
    }

    [TestMethod]
    public void CommentsAfterTheBlock_AreFoundWhereTheyAre()
    {
        var comments = YamlDocuments.Comments(Loki, "loki.yaml");
        CollectionAssert.AreEqual(new[] { "the namespace", "until the agents have sidecars" }, comments.Select(c => c.Text).ToArray());
        Assert.AreEqual(new SourceSpan("loki.yaml", 20, 22, 20, 37), comments[0].Span);
        Assert.AreEqual(new SourceSpan("loki.yaml", 23, 22, 23, 54), comments[1].Span);
        Assert.AreEqual("# until the agents have sidecars", SpanExactnessTests.Slice(new SourceText(Loki), comments[1].Span));
    }

    [TestMethod]
    public void FixAfterTheBlock_EditsTheValueAndLeavesTheSpacedLineAsWritten()
    {
        using var harness = new FixHarness();
        harness.Write("loki.yaml", Loki);
        var file = harness.Run().Files.Single();
        Assert.AreEqual(Loki.Replace("mode: PERMISSIVE", "mode: STRICT", StringComparison.Ordinal), file.Fixed);
        StringAssert.Contains(file.Fixed, "  config.yaml: |\n    \n    auth_enabled: false\n");
    }

    [TestMethod]
    [DataRow("v: |\n    \n    x\n", "\nx\n", DisplayName = "literal, as many spaces as the content")]
    [DataRow("v: |\n  \n    x\n", "\nx\n", DisplayName = "literal, fewer spaces than the content")]
    [DataRow("v: |\n \n    x\n", "\nx\n", DisplayName = "literal, one space")]
    [DataRow("v: >\n    \n    folded\n    text\n", "\nfolded text\n", DisplayName = "folded")]
    [DataRow("v: |-\n    \n    x\n\n", "\nx", DisplayName = "strip chomping")]
    [DataRow("v: |+\n    \n    x\n\n", "\nx\n\n", DisplayName = "keep chomping")]
    [DataRow("v: |2\n  \n  x\n", "\nx\n", DisplayName = "indentation indicator")]
    [DataRow("m:\n  v: |2-\n      \n    x\n", "  \nx", DisplayName = "indentation indicator, first line of spaces is content")]
    [DataRow("v: |\n    \n\n  \n    x\n    y\n", "\n\n\nx\ny\n", DisplayName = "several leading lines, empty and spaces")]
    [DataRow("m:\n  v: |\n      \n  w: 1\n", "", DisplayName = "no content, more spaces than the next line")]
    [DataRow("m:\n  v: >+\n      \n  w: 1\n", "\n", DisplayName = "folded, no content, keep chomping")]
    [DataRow("- |\n    \n    x\n- y\n", "\nx\n", DisplayName = "sequence item")]
    [DataRow("l:\n- |\n    \n    x\n- y\n", "\nx\n", DisplayName = "sequence in a mapping")]
    [DataRow("--- |\n  \n  top\n", "\ntop\n", DisplayName = "document")]
    [DataRow("v: &a !note |\n    \n    x\nw: *a\n", "\nx\n", DisplayName = "anchor and tag")]
    [DataRow("v: | # a comment | with bars\n    \n    x\n", "\nx\n", DisplayName = "comment on the header")]
    [DataRow("v: |\r\n    \r\n    x\r\nw: 1\r\n", "\nx\n", DisplayName = "CR LF")]
    public void ValidLeadingLines_ReadAsTheSpecSays(string text, string expected)
    {
        var stream = YamlDocuments.Parse(text, "x.yaml");
        Assert.IsNull(stream.ErrorMessage, stream.ErrorMessage);
        Assert.AreEqual(expected, Scalars(stream.Documents).First(s => s.Style == ScalarStyle.Block).Value);
    }

    [TestMethod]
    [DataRow("data:\n  c: |\n      \n    x: 1\n", 4, 5, "found extra spaces in first line", DisplayName = "literal, more spaces than the content")]
    [DataRow("data:\n  c: >\n      \n    x: 1\n", 4, 5, "found more spaces in lines above first content line", DisplayName = "folded, more spaces than the content")]
    [DataRow("data:\n  c: |\n    \n\n      \n    x: 1\n", 6, 5, "found extra spaces in first line", DisplayName = "a later leading line with more spaces")]
    [DataRow("a: |\n    \n    x\nb: |\n      \n    y\nc: 1\n", 6, 5, "found extra spaces in first line", DisplayName = "after a valid block")]
    public void LeadingLineWithMoreSpacesThanTheContent_IsStillASyntaxError(string text, int line, int column, string message)
    {
        var load = ManifestLoader.LoadText("x.yaml", text);
        var error = load.Diagnostics.Single();
        Assert.AreEqual("ML9001", error.RuleId);
        Assert.AreEqual((line, column), (error.Location.StartLine, error.Location.StartColumn));
        StringAssert.Contains(error.Message, message);
    }

    private static IEnumerable<ScalarNode> Scalars(IEnumerable<Node?> roots)
    {
        var pending = new Stack<Node>(roots.OfType<Node>().Reverse());
        while (pending.TryPop(out var node))
        {
            switch (node)
            {
                case ScalarNode scalar:
                    yield return scalar;
                    break;
                case MappingNode map:
                    foreach (var (key, value) in map.Entries.Reverse())
                    {
                        pending.Push(value);
                        pending.Push(key);
                    }

                    break;
                case SequenceNode sequence:
                    foreach (var item in sequence.Items.Reverse())
                    {
                        pending.Push(item);
                    }

                    break;
            }
        }
    }
}
