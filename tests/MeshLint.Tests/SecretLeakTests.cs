using System.Text;
using System.Text.RegularExpressions;
using MeshLint.Core.Model;
using MeshLint.Loading;
using MeshLint.Tests.Support;

namespace MeshLint.Tests;

/// <summary>
/// End to end: a value planted in Secrets of every shape (valid, in a List, broken mid-file, a Helm template,
/// JSON with a syntax error inside the value, the last-applied annotation) never appears in any output format,
/// in the loaded text kept for snippets, or in the model.
/// </summary>
[TestClass]
public sealed partial class SecretLeakTests
{
    private const string Planted = "Pl4nted-S3cret-Value-7f3a";

    private static readonly string Encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(Planted));

    [GeneratedRegex("'(?<format>[a-z]+)'")]
    private static partial Regex Quoted();

    private static TempTree PlantSecrets()
    {
        var tree = new TempTree();
        var lastApplied = $"{{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"stringData\":{{\"password\":\"{Planted}\"}}}}";
        tree.Write("secret.yaml", $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
              namespace: shop
              labels:
                rotated: true
              annotations:
                kubectl.kubernetes.io/last-applied-configuration: '{lastApplied}'
            type: Opaque
            data:
              password: {Encoded}
            stringData:
              password: {Planted}
              password: "{Planted}"
              multiline: |
                {Planted}
                {Planted}
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: odd-shapes
              namespace: shop
            data: {Planted}
            stringData: [{Planted}]

            """);
        tree.Write("secret-list.json", $$$"""
            {"apiVersion": "v1", "kind": "List", "items": [
              {"apiVersion": "v1", "kind": "Secret",
               "metadata": {"name": "api", "namespace": "shop", "annotations": {"kubectl.kubernetes.io/last-applied-configuration": {{{System.Text.Json.JsonSerializer.Serialize(lastApplied)}}}}},
               "stringData": {"token": "{{{Planted}}}", "token": "{{{Planted}}}"}}
            ]}

            """);
        tree.Write("broken-secret.yaml", $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: broken
              namespace: shop
            stringData:
              password: {Planted}
              other: "unclosed

            """);
        tree.Write("broken-secret.json", $$$"""
            {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "raw", "namespace": "shop"},
             "stringData": {"password": {{{Planted}}}}}

            """);
        tree.Write("templates/secret.yaml", $$$"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: {{ .Release.Name }}
            stringData:
              password: {{{Planted}}}

            """);
        return tree;
    }

    private static async Task<List<string>> Formats()
    {
        // The formats the command accepts, read from its own error message, so a new format is covered by this test.
        var (_, _, stderr) = await HostileInputTests.Run("check", "--format", "no-such-format", ".");
        var formats = Quoted().Matches(stderr).Select(m => m.Groups["format"].Value).Where(f => f != "no").Distinct().ToList();
        CollectionAssert.IsSubsetOf(new[] { "text", "json", "sarif" }, formats, stderr);
        return formats;
    }

    [TestMethod]
    public async Task PlantedSecret_AppearsInNoOutputFormat()
    {
        using var tree = PlantSecrets();
        foreach (var format in await Formats())
        {
            var (code, stdout, stderr) = await HostileInputTests.Run("check", "--format", format, tree.Root);
            Assert.AreEqual(Cli.Cli.ExitFindings, code, $"{format}: {stderr}");
            AssertClean($"--format {format}", stdout + stderr);
            foreach (var file in new[] { "secret.yaml", "secret-list.json", "broken-secret.yaml", "broken-secret.json", "templates/secret.yaml" })
            {
                StringAssert.Contains(stdout, file, $"{format}: there is a finding about {file}, so the test means something");
            }

            var report = tree.PathOf($"report.{format}");
            (code, _, stderr) = await HostileInputTests.Run("check", "--format", format, "-o", report, tree.PathOf("secret.yaml"), tree.PathOf("broken-secret.yaml"));
            Assert.AreEqual(Cli.Cli.ExitFindings, code, stderr);
            AssertClean($"--format {format} -o", await File.ReadAllTextAsync(report));
        }
    }

    [TestMethod]
    public async Task PlantedSecret_FromStandardInput_AppearsInNoOutput()
    {
        using var tree = PlantSecrets();
        foreach (var file in new[] { "secret.yaml", "secret-list.json", "broken-secret.yaml", "broken-secret.json" })
        {
            var (_, stdout, stderr) = await HostileInputTests.RunWithInput(await File.ReadAllTextAsync(tree.PathOf(file)), "check", "--format", "sarif", "-");
            AssertClean($"stdin {file}", stdout + stderr);
        }
    }

    [TestMethod]
    public void PlantedSecret_IsNotInKeptTextOrModel()
    {
        using var tree = PlantSecrets();
        var load = ManifestLoader.Load(FileDiscovery.Discover([tree.Root], tree.Root), new LoadOptions { BaseDirectory = tree.Root });
        Assert.IsTrue(load.Files.Any(f => f.Path == "secret.yaml" && f.Text.Contains("password:", StringComparison.Ordinal)), "the text is kept, masked");
        foreach (var file in load.Files)
        {
            AssertClean($"SourceFile.Text of {file.Path}", file.Text);
        }

        foreach (var obj in load.Objects)
        {
            AssertClean($"{obj.Ref}", Dump(obj.Root) + obj.Annotations + obj.Labels);
        }

        foreach (var diagnostic in load.Diagnostics)
        {
            AssertClean("a loader message", diagnostic.Message);
        }
    }

    [TestMethod]
    public async Task FixingAFileWithASecret_KeepsTheValueOnDiskAndOutOfTheDiff()
    {
        using var tree = new TempTree();
        var path = tree.WriteFile("mixed.yaml", $$"""
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata:
              name: default
              namespace: shop
            spec:
              mtls:
                mode: PERMISSIVE
            ---
            stringData: {password: {{Planted}}}
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
              namespace: shop

            """);
        var (_, diff, stderr) = await HostileInputTests.Run("check", "--fix", "--diff", path);
        StringAssert.Contains(diff, "+    mode: STRICT", stderr);
        AssertClean("--fix --diff", diff + stderr);

        var (_, stdout, _) = await HostileInputTests.Run("check", "--fix", path);
        AssertClean("--fix", stdout);
        var written = await File.ReadAllTextAsync(path);
        StringAssert.Contains(written, $"{{password: {Planted}}}\n", "the fixer writes the real value back, not the mask");
        StringAssert.Contains(written, "mode: STRICT");
    }

    private static void AssertClean(string where, string output)
    {
        Assert.IsFalse(output.Contains(Planted, StringComparison.Ordinal), $"{where} shows the secret value");
        Assert.IsFalse(output.Contains(Encoded, StringComparison.Ordinal), $"{where} shows the base64 secret value");
        Assert.IsFalse(output.Contains(Planted[..12], StringComparison.Ordinal), $"{where} shows part of the secret value");
    }

    private static string Dump(Node root)
    {
        var text = new StringBuilder();
        var pending = new Stack<Node>([root]);
        while (pending.TryPop(out var node))
        {
            switch (node)
            {
                case ScalarNode scalar:
                    text.Append(scalar.Value).Append('\n');
                    break;
                case SequenceNode sequence:
                    sequence.Items.ToList().ForEach(pending.Push);
                    break;
                case MappingNode map:
                    foreach (var (key, value) in map.Entries)
                    {
                        text.Append(key.Value).Append('\n');
                        pending.Push(value);
                    }

                    break;
            }
        }

        return text.ToString();
    }
}
