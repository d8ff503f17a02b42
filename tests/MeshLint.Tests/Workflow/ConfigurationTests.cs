using System.Text.RegularExpressions;
using MeshLint.Core.Index;
using MeshLint.Core.Rules;
using MeshLint.Engine;
using MeshLint.Engine.Configuration;
using MeshLint.Tests.Support;

namespace MeshLint.Tests.Workflow;

[TestClass]
public sealed class ConfigurationTests
{
    private static MeshLintConfig Read(string yaml, string directory = "/repo") => ConfigReader.Read(yaml.ReplaceLineEndings("\n"), ".meshlint.yaml", directory);

    private static ConfigException ReadFails(string yaml) => Assert.ThrowsExactly<ConfigException>(() => Read(yaml));

    [TestMethod]
    public void FullConfiguration_IsRead()
    {
        var config = Read("""
            include: ["deploy/**"]
            exclude:
              - charts/
              - "*.json"
            failOn: error
            baseline: meshlint-baseline.json
            rules:
              ML1101: off
              PermissiveMtls: warning
              ML1202: on
            overrides:
              - files: ["legacy/**"]
                rules:
                  ML1001: off
            mesh:
              istioRootNamespace: mesh-root
              clusterDomain: corp.local
              complete: true
            """);
        Assert.AreEqual("error", config.FailOn);
        Assert.AreEqual("/repo/meshlint-baseline.json", config.Baseline);
        Assert.AreEqual(RuleLevel.Off, config.Rules["ML1101"]);
        Assert.AreEqual(RuleLevel.Warning, config.Rules["ML1001"], "a rule name is accepted and stored by id");
        Assert.AreEqual(RuleLevel.On, config.Rules["ML1202"]);
        Assert.AreEqual(new MeshSettings { IstioRootNamespace = "mesh-root", ClusterDomain = "corp.local", Complete = true }, config.Mesh);
        Assert.IsTrue(config.Accepts("/repo/deploy/shop/pa.yaml"));
        Assert.IsFalse(config.Accepts("/repo/other/pa.yaml"), "not under include");
        Assert.IsFalse(config.Accepts("/repo/deploy/charts/x/templates/a.yaml"), "a trailing slash excludes the folder at any depth");
        Assert.IsFalse(config.Accepts("/repo/deploy/values.json"), "a pattern without a slash matches at any depth");
        Assert.IsTrue(config.Accepts("/elsewhere/pa.yaml"), "files outside the config's folder are not its business");
        Assert.AreEqual(1, config.Overrides.Length);
    }

    [TestMethod]
    public void EmptyFile_IsTheDefaults()
    {
        Assert.AreEqual(MeshSettings.Default, Read(string.Empty).Mesh);
        Assert.AreEqual(0, Read("# nothing yet\n").Rules.Count);
    }

    [TestMethod]
    public void UnknownKey_IsAnErrorWithLineAndSuggestion()
    {
        var error = ReadFails("""
            rules:
              ML1101: off
            fail-on: error
            """);
        Assert.AreEqual(3, error.Span.StartLine);
        Assert.AreEqual(1, error.Span.StartColumn);
        StringAssert.Contains(error.Problem, "unknown key 'fail-on'");
        StringAssert.Contains(error.Hint, "did you mean 'failOn'");
    }

    [TestMethod]
    public void UnknownMeshKey_IsAnErrorListingTheValidKeys()
    {
        var error = ReadFails("""
            mesh:
              istioRootNamespce: x
            """);
        Assert.AreEqual(2, error.Span.StartLine);
        StringAssert.Contains(error.Problem, "'mesh.istioRootNamespce'");
        StringAssert.Contains(error.Hint, "did you mean 'istioRootNamespace'");
    }

    [TestMethod]
    [DataRow("failOn: fatal", 1, "'failOn' is 'fatal'")]
    [DataRow("rules:\n  ML1101: disabled", 2, "not a rule level")]
    [DataRow("rules:\n  ML7777: off", 2, "names no MeshLint rule")]
    [DataRow("rules: [ML1101]", 1, "must be a map of rule ids")]
    [DataRow("mesh:\n  complete: yes", 2, "'mesh.complete' must be true or false")]
    [DataRow("mesh:\n  clusterDomain: [a]", 2, "'mesh.clusterDomain' must be a string")]
    [DataRow("include: {a: b}", 1, "must be a glob or a list of globs")]
    [DataRow("exclude: [\"{a,b}/**\"]", 1, "braces or brackets")]
    [DataRow("overrides:\n  - files: [a]", 2, "has no 'rules'")]
    [DataRow("overrides:\n  - files: [a]\n    rule: {}", 3, "unknown key 'overrides[0].rule'")]
    [DataRow("baseline:", 1, "'baseline' must be")]
    [DataRow("clusters: {east: [a]}", 1, "'clusters' must be a list")]
    [DataRow("clusters:", 1, "'clusters' must be a list")]
    [DataRow("clusters:\n  - east", 2, "'clusters[0]' must be a map with 'name' and 'paths'")]
    [DataRow("clusters:\n  - paths: [\"east/**\"]", 2, "'clusters[0]' has no 'name'")]
    [DataRow("clusters:\n  - name: east", 2, "'clusters[0]' has no 'paths'")]
    [DataRow("clusters:\n  - name:\n    paths: [\"east/**\"]", 2, "'clusters[0].name' must be a cluster name, not empty")]
    [DataRow("clusters:\n  - name: [east]\n    paths: [\"east/**\"]", 2, "'clusters[0].name' must be a cluster name, not a list")]
    [DataRow("clusters:\n  - name: east\n    paths: []", 3, "'clusters[0].paths' is empty")]
    [DataRow("clusters:\n  - name: east\n    paths: {a: b}", 3, "'paths' must be a glob or a list of globs")]
    [DataRow("clusters:\n  - name: east\n    paths: [\"{a,b}/**\"]", 3, "braces or brackets")]
    [DataRow("clusters:\n  - name: east\n    path: [\"east/**\"]", 3, "unknown key 'clusters[0].path'")]
    [DataRow("clusters:\n  - name: east\n    paths: [\"east/**\"]\n  - name: east\n    paths: [\"west/**\"]", 4, "cluster 'east' is declared twice (first at line 2)")]
    [DataRow("rules:\n  ML1101: off\n  ML1101: on", 3, "set twice")]
    [DataRow("rules:\n  ML1101: off\n  - ML1202", 3, "YAML syntax error")]
    [DataRow("- a\n- b", 1, "not a map of settings")]
    public void BadValue_IsAnErrorAtItsLine(string yaml, int line, string fragment)
    {
        var error = ReadFails(yaml);
        Assert.AreEqual(line, error.Span.StartLine, error.Message);
        StringAssert.Contains(error.Message, fragment);
        Assert.IsFalse(string.IsNullOrEmpty(error.Hint), "every error carries a hint");
    }

    [TestMethod]
    public void EveryMeshSetting_HasAKeyThatBinds()
    {
        var keys = MeshSettingsBinder.Keys();
        Assert.IsTrue(keys.Any(k => k.Key == "mesh.istioRootNamespace"));
        Assert.IsTrue(keys.Any(k => k.Key == "mesh.complete"));
        foreach (var key in keys)
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace(key.Description), $"{key.Key}: give the MeshSettings property a [Description] (it is the README's documentation of the key)");
        }

        // Writing every key with its default value must read back as the defaults: each type has a reader.
        var yaml = new System.Text.StringBuilder("mesh:\n");
        foreach (var group in keys.GroupBy(k => string.Join('.', k.Key.Split('.')[1..^1])))
        {
            var indent = "  ";
            if (group.Key.Length > 0)
            {
                foreach (var section in group.Key.Split('.'))
                {
                    yaml.Append(indent).Append(section).Append(":\n");
                    indent += "  ";
                }
            }

            foreach (var key in group)
            {
                var value = key.Default == "(none)" ? "null" : key.Type == "string" ? $"\"{key.Default}\"" : key.Default;
                yaml.Append(indent).Append(key.Key.Split('.')[^1]).Append(": ").Append(value).Append('\n');
            }
        }

        var config = Read(yaml.ToString());
        Assert.AreEqual(MeshSettings.Default, config.Mesh, yaml.ToString());
    }

    [TestMethod]
    public void NestedMeshSection_Binds()
    {
        var config = Read("mesh:\n  consul:\n    aclsEnabled: true\n");
        Assert.AreEqual(true, config.Mesh.Consul.AclsEnabled);
        Assert.IsNull(config.Mesh.Consul.ConnectInjectDefault, "an unset key keeps its default");
        var error = ReadFails("mesh:\n  consul:\n    aclEnabled: true\n");
        StringAssert.Contains(error.Problem, "unknown key 'mesh.consul.aclEnabled'");
        StringAssert.Contains(error.Hint, "did you mean 'aclsEnabled'");
    }

    [TestMethod]
    public void ConfigKeysTable_InReadme_IsGenerated()
    {
        const string start = "<!-- config-keys:start -->";
        const string end = "<!-- config-keys:end -->";
        var path = Repo.PathOf("README.md");
        var readme = File.ReadAllText(path);
        var from = readme.IndexOf(start, StringComparison.Ordinal);
        var to = readme.IndexOf(end, StringComparison.Ordinal);
        Assert.IsTrue(from >= 0 && to > from, "README.md has no config-keys:start/config-keys:end markers");
        var table = new System.Text.StringBuilder("| Key | Type | Default | Meaning |\n|---|---|---|---|\n");
        foreach (var key in MeshSettingsBinder.Keys())
        {
            table.Append($"| `{key.Key}` | {key.Type} | `{key.Default}` | {key.Description} |\n");
        }

        var generated = readme[..(from + start.Length)] + "\n" + table + readme[to..];
        if (Environment.GetEnvironmentVariable("MESHLINT_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, generated);
            readme = generated;
        }

        Assert.AreEqual(generated, readme, "README.md mesh keys table is stale: run MESHLINT_UPDATE_DOCS=1 dotnet test MeshLint.sln --filter ConfigurationTests");
    }

    [TestMethod]
    public void ConfigExamples_InReadme_AreValid()
    {
        var blocks = Regex.Matches(File.ReadAllText(Repo.PathOf("README.md")), "```yaml\n(# \\.meshlint\\.yaml\n.*?)```", RegexOptions.Singleline);
        Assert.IsTrue(blocks.Count >= 2, "README.md shows .meshlint.yaml examples");
        foreach (Match block in blocks)
        {
            Read(block.Groups[1].Value);
        }
    }

    [TestMethod]
    public void Config_IsFoundFromTheWorkingDirectoryUpward()
    {
        using var tree = new TempTree();
        tree.Write(".meshlint.yaml", "failOn: note\n").Write("a/b/keep.txt", string.Empty);
        var config = MeshLintConfig.Load(null, tree.PathOf("a/b"));
        Assert.AreEqual("note", config.FailOn);
        Assert.AreEqual(tree.PathOf(".meshlint.yaml"), config.Source);
        Assert.AreEqual(tree.Root, config.Directory);
    }

    [TestMethod]
    public void RuleLevels_ApplyGloballyAndPerPath()
    {
        var config = Read("""
            rules:
              ML1001: warning
            overrides:
              - files: ["legacy/"]
                rules:
                  ML1001: off
              - files: ["legacy/critical.yaml"]
                rules:
                  ML1001: error
            """);
        var options = config.ToAnalysisOptions("/repo");
        var text = Manifests.PeerAuthentication("default", "shop", "PERMISSIVE");
        Finding Check(string file) => Engine(file, text, options).SingleOrDefault(f => f.RuleId == "ML1001")!;
        Assert.AreEqual(Severity.Warning, Check("deploy/pa.yaml").Severity);
        Assert.IsNull(Check("legacy/pa.yaml"), "off for legacy/");
        Assert.AreEqual(Severity.Error, Check("legacy/critical.yaml").Severity, "a later override turns it back on");
    }

    [TestMethod]
    public void RuleOffGlobally_RunsWhereAnOverrideTurnsItOn()
    {
        var options = Read("""
            rules:
              ML1001: off
            overrides:
              - files: ["prod/**"]
                rules:
                  ML1001: on
            """).ToAnalysisOptions("/repo");
        var text = Manifests.PeerAuthentication("default", "shop", "PERMISSIVE");
        Assert.IsFalse(Engine("dev/pa.yaml", text, options).Any(f => f.RuleId == "ML1001"));
        Assert.AreEqual(Severity.Error, Engine("prod/pa.yaml", text, options).Single(f => f.RuleId == "ML1001").Severity);
    }

    [TestMethod]
    public void MeshSettings_ReachTheRules()
    {
        var options = Read("mesh:\n  istioRootNamespace: mesh-root\n").ToAnalysisOptions("/repo");
        var result = AnalysisEngine.Analyze(Loading.ManifestLoader.LoadText("a.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n"), options);
        Assert.AreEqual("mesh-root", result.Index.Settings.IstioRootNamespace);
    }

    [TestMethod]
    public void Check_WithBadConfig_ExitsTwoNamingFileLineAndHint()
    {
        using var tree = new TempTree();
        tree.Write(".meshlint.yaml", "rules:\n  ML1001: of\n").Write("pa.yaml", Manifests.PeerAuthentication("default", "shop", "STRICT"));
        var run = CliRunner.Invoke(tree.Root, "check", ".");
        Assert.AreEqual(2, run.Exit, run.ToString());
        StringAssert.Contains(run.Error, ".meshlint.yaml:2:11: 'rules.ML1001' is 'of', which is not a rule level");
        StringAssert.Contains(run.Error, "hint: did you mean 'off'?");
    }

    [TestMethod]
    public void Check_HonoursIncludeExcludeAndFailOn()
    {
        using var tree = new TempTree();
        tree.Write(".meshlint.yaml", "exclude: [vendor/]\nfailOn: error\nrules:\n  ML1001: warning\n")
            .Write("deploy/pa.yaml", Manifests.PeerAuthentication("default", "shop", "PERMISSIVE"))
            .Write("vendor/pa.yaml", Manifests.PeerAuthentication("default", "vendor", "PERMISSIVE"));
        var run = CliRunner.Invoke(tree.Root, "check");
        Assert.AreEqual(0, run.Exit, "the only finding is a warning and failOn is error: " + run);
        StringAssert.Contains(run.Out, "deploy/pa.yaml:8:11: warning ML1001");
        Assert.IsFalse(run.Out.Contains("vendor/", StringComparison.Ordinal), run.Out);
        Assert.AreEqual(1, CliRunner.Invoke(tree.Root, "check", "--fail-on", "warning").Exit, "--fail-on beats the configuration");
    }

    [TestMethod]
    public void Check_WithExplicitConfig_UsesIt()
    {
        using var tree = new TempTree();
        tree.Write("ci/strict.yaml", "rules:\n  ML1001: note\n").Write("pa.yaml", Manifests.PeerAuthentication("default", "shop", "PERMISSIVE"));
        var run = CliRunner.Invoke(tree.Root, "check", "--config", "ci/strict.yaml", "pa.yaml");
        StringAssert.Contains(run.Out, "note ML1001");
        Assert.AreEqual(2, CliRunner.Invoke(tree.Root, "check", "--config", "missing.yaml").Exit);
    }

    private static List<Finding> Engine(string file, string text, AnalysisOptions options) =>
        [.. AnalysisEngine.Analyze(Loading.ManifestLoader.LoadText(file, text), options).Findings];
}
