using BenchmarkDotNet.Attributes;
using MeshLint.Core.Index;
using MeshLint.Core.Rules;
using MeshLint.Engine;
using MeshLint.Loading;

namespace MeshLint.Benchmarks;

/// <summary>The load, index and rule phases over a generated GitOps tree (in-process; whole-process figures: bench/run.sh).</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class PhaseBenchmarks
{
    private List<string> files = [];
    private LoadResult load = null!;
    private IRule[] rules = [];

    [Params(2000)]
    public int Services { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        files = FileDiscovery.Discover([Corpus.Directory(Services)]).Files;
        load = ManifestLoader.LoadFiles(files);
        rules = [.. RuleCatalog.Rules];
    }

    [Benchmark]
    public LoadResult Load() => ManifestLoader.LoadFiles(files);

    /// <summary>The index with the lookups rules use most built (they are lazy).</summary>
    [Benchmark]
    public int Index()
    {
        var index = new MeshIndex(load.Objects);
        return index.NamespaceNames.Length + index.ServicesByHost("x").Length + index.WorkloadsIn("default").Length
            + index.DestinationRulesByHost("x").Length + index.VirtualServicesByHost("x").Length;
    }

    /// <summary>Every rule, sequentially, on a fresh index: the rules' own cost.</summary>
    [Benchmark]
    public int Rules()
    {
        var context = new RuleContext(new MeshIndex(load.Objects));
        var count = 0;
        foreach (var rule in rules)
        {
            count += rule.Evaluate(context).Count();
        }

        return count;
    }

    /// <summary>The engine as the CLI runs it: rules in parallel, suppressions, sorting, fingerprints.</summary>
    [Benchmark]
    public int Analyze() => AnalysisEngine.Analyze(load).Findings.Length;
}
