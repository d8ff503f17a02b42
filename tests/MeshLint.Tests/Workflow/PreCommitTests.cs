using MeshLint.Core.Model;
using MeshLint.Loading;
using MeshLint.Tests.Support;

namespace MeshLint.Tests.Workflow;

[TestClass]
public sealed class PreCommitTests
{
    private static TempTree Repository()
    {
        var tree = new TempTree();
        Directory.CreateDirectory(tree.PathOf(".git"));
        tree.Write("routing/vs.yaml", Manifests.VirtualService)
            .Write("routing/dr.yaml", Manifests.DestinationRule)
            .Write("routing/svc.yaml", Manifests.Service)
            .Write("security/pa.yaml", Manifests.PeerAuthentication("default", "shop", "PERMISSIVE"));
        return tree;
    }

    /// <summary>The hook's entry from .pre-commit-hooks.yaml, split into arguments after the program name.</summary>
    private static string[] HookArguments()
    {
        var stream = YamlDocuments.Parse(File.ReadAllText(Repo.PathOf(".pre-commit-hooks.yaml")), ".pre-commit-hooks.yaml");
        var hook = (MappingNode)((SequenceNode)stream.Documents.Single()!).Items.Single();
        Assert.AreEqual("meshlint", hook["id"]!.ToString());
        Assert.AreEqual("dotnet", hook["language"]!.ToString());
        CollectionAssert.AreEqual(new[] { "yaml", "json" }, ((SequenceNode)hook["types_or"]!).Items.Select(i => i.ToString()!).ToList());
        var entry = ((ScalarNode)hook["entry"]!).Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual("meshlint", entry[0]);
        return entry[1..];
    }

    [TestMethod]
    public void HookOnOneFile_UsesTheRestOfTheRepositoryAsContext()
    {
        using var tree = Repository();
        var run = CliRunner.Invoke(tree.Root, [.. HookArguments(), "routing/vs.yaml"]);
        Assert.AreEqual(0, run.Exit, "the subset is defined in routing/dr.yaml, and security/pa.yaml is not being committed: " + run);

        var alone = CliRunner.Invoke(tree.Root, "check", "routing/vs.yaml");
        Assert.AreEqual(1, alone.Exit, "without context the subset looks undefined: " + alone);
        StringAssert.Contains(alone.Out, "ML1203");
    }

    [TestMethod]
    public void HookOnAChangedFile_ReportsOnlyThatFile()
    {
        using var tree = Repository();
        var run = CliRunner.Invoke(tree.Root, [.. HookArguments(), "security/pa.yaml"]);
        Assert.AreEqual(1, run.Exit, run.ToString());
        StringAssert.Contains(run.Out, "security/pa.yaml:8:11: error ML1001");
        Assert.IsFalse(run.Out.Contains("routing/", StringComparison.Ordinal), run.Out);
    }

    [TestMethod]
    public void HookWithContext_HonoursExcludeForContextAndNamedFiles()
    {
        using var tree = Repository();
        tree.Write(".meshlint.yaml", "exclude: [\"routing/dr.yaml\", \"security/\"]\n");
        var run = CliRunner.Invoke(tree.Root, [.. HookArguments(), "routing/vs.yaml", "security/pa.yaml"]);
        Assert.AreEqual(1, run.Exit, run.ToString());
        StringAssert.Contains(run.Out, "ML1203", "the DestinationRule is excluded, so it is not context");
        Assert.IsFalse(run.Out.Contains("security/pa.yaml", StringComparison.Ordinal), "an excluded file named by pre-commit is skipped: " + run.Out);
    }

    [TestMethod]
    public void ContextOutsideAGitRepository_IsAUsageError()
    {
        using var tree = new TempTree();
        tree.Write("vs.yaml", Manifests.VirtualService);
        var run = CliRunner.Invoke(tree.Root, "check", "--with-context", "repo", "vs.yaml");
        if (run.Exit != 2)
        {
            Assert.Inconclusive("the temporary folder is inside a git repository");
        }

        StringAssert.Contains(run.Error, "needs a git repository");
    }

    [TestMethod]
    public void ContextPaths_AreLoadedButNotReported()
    {
        using var tree = Repository();
        var run = CliRunner.Invoke(tree.Root, "check", "--with-context", "routing/dr.yaml", "--with-context", "routing/svc.yaml", "--with-context", "security", "routing/vs.yaml");
        Assert.AreEqual(0, run.Exit, run.ToString());
    }

    /// <summary>
    /// The real pre-commit (Debian package) building the hook from this repository: slow (it packs the solution), so it
    /// runs when MESHLINT_PRECOMMIT_TEST=1 and pre-commit is installed.
    /// </summary>
    [TestMethod]
    [TestCategory("Integration")]
    [Timeout(1_800_000, CooperativeCancellation = true)]
    public void RealPreCommit_FailsOnAPermissivePolicyAndPassesACleanCommit()
    {
        if (Environment.GetEnvironmentVariable("MESHLINT_PRECOMMIT_TEST") != "1" || !OnPath("pre-commit") || !OnPath("git"))
        {
            Assert.Inconclusive("set MESHLINT_PRECOMMIT_TEST=1 and install pre-commit and git to run the real hook");
        }

        using var tree = new TempTree();
        Git(tree.Root, "init", "-q");
        tree.Write("routing/dr.yaml", Manifests.DestinationRule).Write("routing/vs.yaml", Manifests.VirtualService).Write("routing/svc.yaml", Manifests.Service);
        Git(tree.Root, "add", ".");
        var clean = Process(tree.Root, "pre-commit", "try-repo", Repo.Root, "meshlint", "--verbose");
        Assert.AreEqual(0, clean.Exit, "a VirtualService whose subset is in another file passes: " + clean.Output);
        StringAssert.Contains(clean.Output, "Passed");
        Git(tree.Root, "commit", "-q", "-m", "routing");

        tree.Write("security/pa.yaml", Manifests.PeerAuthentication("default", "shop", "PERMISSIVE"));
        Git(tree.Root, "add", ".");
        var bad = Process(tree.Root, "pre-commit", "try-repo", Repo.Root, "meshlint");
        Assert.AreEqual(1, bad.Exit, bad.Output);
        StringAssert.Contains(bad.Output, "Failed");
        StringAssert.Contains(bad.Output, "security/pa.yaml:8:11: error ML1001");
        Console.WriteLine(clean.Output);
        Console.WriteLine(bad.Output);
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, program)));

    private static void Git(string directory, params string[] args)
    {
        var result = Process(directory, "git", ["-c", "user.name=test", "-c", "user.email=test@example.com", .. args]);
        Assert.AreEqual(0, result.Exit, result.Output);
    }

    private static (int Exit, string Output) Process(string directory, string program, params string[] args)
    {
        var result = ChildProcess.Run(program, args, directory);
        return (result.Exit, result.Output);
    }
}
