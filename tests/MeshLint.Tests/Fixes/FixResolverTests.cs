using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using MeshLint.Engine.Fixes;

namespace MeshLint.Tests.Fixes;

[TestClass]
public sealed class FixResolverTests
{
    [TestMethod]
    [DataRow("mode: PERMISSIVE\n", "STRICT", "STRICT")]
    [DataRow("mode: \"PERMISSIVE\"\n", "STRICT", "\"STRICT\"")]
    [DataRow("mode: 'PERMISSIVE'\n", "STRICT", "'STRICT'")]
    [DataRow("mode: 'PERMISSIVE'\n", "it's", "'it''s'")]
    [DataRow("mode: \"PERMISSIVE\"\n", "a\"b\\c", "\"a\\\"b\\\\c\"")]
    [DataRow("mode: PERMISSIVE\n", "needs: quotes", "\"needs: quotes\"")]
    [DataRow("mode: PERMISSIVE\n", "*", "\"*\"")]
    public void ScalarValue_IsWrittenInTheOldScalarsQuotingStyle(string text, string value, string expected)
    {
        var source = new SourceText(text);
        var resolved = FixResolver.Resolve(FixEdits.SetScalar(ValueSpan(text), value), source);
        Assert.IsNotNull(resolved);
        Assert.AreEqual(ReplacementKind.Text, resolved.Kind);
        Assert.AreEqual(expected, resolved.Text);
    }

    [TestMethod]
    [DataRow("mode: &m PERMISSIVE\n")]
    [DataRow("mode: *m\n")]
    [DataRow("mode: !!str PERMISSIVE\n")]
    [DataRow("mode: |\n  PERMISSIVE\n")]
    [DataRow("mode: [PERMISSIVE]\n")]
    public void ScalarValue_OverSomethingElseThanABareScalar_IsDropped(string text)
    {
        var source = new SourceText(text);
        var span = new SourceSpan("x.yaml", 1, 7, 1, text.IndexOf('\n', StringComparison.Ordinal) + 1);
        Assert.IsNull(FixResolver.Resolve(FixEdits.SetScalar(span, "STRICT"), source));
    }

    [TestMethod]
    public void SpanOutsideTheText_IsDropped()
    {
        var source = new SourceText("mode: PERMISSIVE\n");
        Assert.IsNull(FixResolver.Resolve(new Replacement(new SourceSpan("x.yaml", 1, 7, 1, 40), "STRICT"), source));
        Assert.IsNull(FixResolver.Resolve(new Replacement(new SourceSpan("x.yaml", 5, 1, 5, 1), "x: 1\n"), source));
        Assert.IsNull(FixResolver.Resolve(new Replacement(new SourceSpan("x.yaml", 1, 9, 1, 7), "x"), source));
    }

    [TestMethod]
    public void InsertedLines_UseTheFilesLineBreaks()
    {
        var source = new SourceText("a: 1\r\nb: 2\r\n");
        var resolved = FixResolver.Resolve(new Replacement(new SourceSpan("x.yaml", 3, 1, 3, 1), "c: 3\nd: 4\n"), source);
        Assert.AreEqual("c: 3\r\nd: 4\r\n", resolved!.Text);
    }

    [TestMethod]
    public void InsertionAfterALastLineWithoutLineBreak_GoesAtTheEndWithALineBreakBefore()
    {
        var source = new SourceText("a: 1\r\nb: 2");
        var resolved = FixResolver.Resolve(new Replacement(new SourceSpan("x.yaml", 3, 1, 3, 1), "c: 3\n"), source);
        Assert.AreEqual(new SourceSpan("x.yaml", 2, 5, 2, 5), resolved!.Span);
        Assert.AreEqual("\r\nc: 3", resolved.Text);
    }

    [TestMethod]
    public void FixWithOverlappingEdits_IsDropped()
    {
        var texts = new Dictionary<string, SourceText> { ["x.yaml"] = new("mode: PERMISSIVE\n") };
        var fix = new Fix("two", [new Replacement(new SourceSpan("x.yaml", 1, 7, 1, 12), "A"), new Replacement(new SourceSpan("x.yaml", 1, 10, 1, 17), "B")]);
        Assert.IsNull(FixResolver.Resolve(fix, texts));
    }

    [TestMethod]
    public void FixInAFileThatWasNotLoaded_IsDropped()
    {
        var texts = new Dictionary<string, SourceText> { ["x.yaml"] = new("mode: PERMISSIVE\n") };
        var fix = new Fix("elsewhere", [new Replacement(new SourceSpan("y.yaml", 1, 7, 1, 17), "STRICT")]);
        Assert.IsNull(FixResolver.Resolve(fix, texts));
    }

    [TestMethod]
    public void FindingKeepsItsOtherFixes_WhenOneIsDropped()
    {
        var file = new Loading.SourceFile("x.yaml", "/x.yaml", "mode: PERMISSIVE\n");
        var good = new Fix("good", [FixEdits.SetScalar(new SourceSpan("x.yaml", 1, 7, 1, 17), "STRICT")]);
        var bad = new Fix("bad", [FixEdits.SetScalar(new SourceSpan("x.yaml", 1, 1, 1, 17), "STRICT")]);
        var finding = new Finding("ML1001", Severity.Error, "m", new SourceSpan("x.yaml", 1, 7, 1, 17), null) { Fixes = [bad, good] };
        var resolved = FixResolver.Resolve([finding], [file]).Single();
        Assert.AreEqual(1, resolved.Fixes.Length);
        Assert.AreEqual("good", resolved.Fixes[0].Description);
        Assert.AreEqual("STRICT", resolved.Fixes[0].Replacements[0].Text);
    }

    private static SourceSpan ValueSpan(string text)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return new SourceSpan("x.yaml", 1, 7, 1, end + 1);
    }
}

[TestClass]
public sealed class FixEditsTests
{
    [TestMethod]
    public void AddEntry_InsertsAKeyAtTheMappingsIndentationAfterItsLastEntry()
    {
        const string text = """
            spec:
              http:
              - retries: # why
                  attempts: 3
                  retryOn: 5xx,
                    connect-failure # trailing
                # a comment about route
                route:
                - destination:
                    host: reviews
            """;
        var retries = Retries(text);
        var edit = FixEdits.AddEntry(retries, "perTryTimeout", "2s");
        Assert.IsNotNull(edit);
        var fixedText = ApplyResolved(text, edit);
        StringAssert.Contains(fixedText, "        connect-failure # trailing\n      perTryTimeout: 2s\n    # a comment about route\n");
        Assert.AreEqual("2s", ((ScalarNode)Retries(fixedText)["perTryTimeout"]!).Value);
    }

    [TestMethod]
    public void AddEntry_AfterANestedFlowCollection_GoesAfterItsClosingBracket()
    {
        const string text = "retries:\n  attempts: 3\n  codes: [\n    500,\n    503\n  ]\nnext: 1";
        var map = (MappingNode)Root(text)["retries"]!;
        var fixedText = ApplyResolved(text, FixEdits.AddEntry(map, "perTryTimeout", "2s")!);
        Assert.AreEqual("retries:\n  attempts: 3\n  codes: [\n    500,\n    503\n  ]\n  perTryTimeout: 2s\nnext: 1", fixedText);
    }

    [TestMethod]
    public void AddEntry_AtTheEndOfAFileWithoutFinalLineBreak_AddsOne()
    {
        const string text = "retries:\n  attempts: 3";
        var map = (MappingNode)Root(text)["retries"]!;
        Assert.AreEqual("retries:\n  attempts: 3\n  perTryTimeout: 2s", ApplyResolved(text, FixEdits.AddEntry(map, "perTryTimeout", "2s")!));
    }

    [TestMethod]
    [DataRow("retries: {attempts: 3}\n")]
    [DataRow("retries:\n  attempts: 3\n  note: |\n    text\n")]
    [DataRow("base: &b\n  attempts: 3\nretries:\n  <<: *b\n  retryOn: 5xx\n")]
    [DataRow("retries: {}\n")]
    public void AddEntry_WhenTheEndOfTheMappingIsNotCertain_OffersNoEdit(string text)
    {
        var map = (MappingNode)Root(text)["retries"]!;
        Assert.IsNull(FixEdits.AddEntry(map, "perTryTimeout", "2s"));
    }

    private static MappingNode Retries(string text)
    {
        var http = (SequenceNode)((MappingNode)Root(text)["spec"]!)["http"]!;
        return (MappingNode)((MappingNode)http.Items[0])["retries"]!;
    }

    internal static MappingNode Root(string text)
    {
        var (documents, error) = Loading.YamlTreeReader.Read(text, "x.yaml");
        Assert.IsNull(error, error?.Message);
        return (MappingNode)documents[0].Root!;
    }

    internal static string ApplyResolved(string text, Replacement replacement)
    {
        var source = new SourceText(text);
        var exact = FixResolver.Resolve(replacement, source);
        Assert.IsNotNull(exact, "the edit fits the text");
        source.TryGetOffset(exact.Span.StartLine, exact.Span.StartColumn, out var start);
        source.TryGetOffset(exact.Span.EndLine, exact.Span.EndColumn, out var end);
        return FixRunner.Apply(text, [new TextEdit(start, end, exact.Text)]);
    }
}

[TestClass]
public sealed class TextEditTests
{
    [TestMethod]
    public void Apply_ReplacesAndInsertsWithoutTouchingTheRest()
    {
        Assert.AreEqual("aXcdYef", FixRunner.Apply("abcdef", [new TextEdit(4, 4, "Y"), new TextEdit(1, 2, "X")]));
    }

    [TestMethod]
    public void Overlaps_SharedCharactersAndSamePointInsertions()
    {
        Assert.IsTrue(new TextEdit(1, 4, "x").Overlaps(new TextEdit(3, 5, "y")));
        Assert.IsTrue(new TextEdit(2, 2, "x").Overlaps(new TextEdit(2, 2, "y")));
        Assert.IsTrue(new TextEdit(3, 3, "x").Overlaps(new TextEdit(2, 5, "y")));
        Assert.IsFalse(new TextEdit(1, 3, "x").Overlaps(new TextEdit(3, 5, "y")));
        Assert.IsFalse(new TextEdit(5, 5, "x").Overlaps(new TextEdit(2, 5, "y")));
    }
}
