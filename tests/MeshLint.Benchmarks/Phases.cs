using System.Diagnostics;
using System.Globalization;
using MeshLint.Core.Index;
using MeshLint.Core.Rules;
using MeshLint.Engine;
using MeshLint.Loading;
using MeshLint.Reporting;

namespace MeshLint.Benchmarks;

/// <summary>
/// One run of the pipeline with a stopwatch around each phase, then every rule alone on a fresh index: where the
/// time of a whole check goes, without a profiler. With MESHLINT_RULE_TIMES=FILE every rule's time is written to FILE
/// (id, tab, milliseconds).
/// </summary>
internal static class Phases
{
    public static int Run(string directory)
    {
        var clock = Stopwatch.StartNew();
        var discovery = FileDiscovery.Discover([directory]);
        Report("discover", clock);
        var texts = discovery.Files.Select(File.ReadAllText).ToArray();
        Report("read texts", clock);
        foreach (var text in texts)
        {
            _ = YamlTreeReader.Read(text, "x");
        }

        Report("YAML trees, one thread", clock);
        var trees = new ReadResult[texts.Length];
        Parallel.For(0, texts.Length, i => trees[i] = YamlTreeReader.Read(texts[i], "x"));
        Report("YAML trees, parallel", clock);
        Parallel.For(0, trees.Length, i =>
        {
            var objects = new List<MeshLint.Core.Model.MeshObject>();
            var diagnostics = new List<Finding>();
            foreach (var document in trees[i].Documents)
            {
                if (document.Root is { } root)
                {
                    MeshLint.Loading.Mapping.ObjectMapper.TryMap(root, new MeshLint.Core.Model.ObjectOrigin("x", document.Index), objects, diagnostics);
                }
            }
        });
        Report("map objects, parallel", clock);
        Parallel.ForEach(texts, text =>
        {
            var parser = new YamlDotNet.Core.Parser(new StringReader(text));
            while (parser.MoveNext())
            {
            }
        });
        Report("YAML events only, parallel", clock);
        var load = ManifestLoader.Load(discovery);
        Report("load", clock);
        var index = new MeshIndex(load.Objects);
        Report("index", clock);
        var result = AnalysisEngine.Analyze(load);
        Report("analyze (index, rules, suppressions, sort, fingerprints)", clock);
        var report = new ReportInput(result.Findings, RuleCatalog.Descriptors, RuleCatalog.Documentation, load.Files.Length, load.Objects.Length, "bench", Directory.GetCurrentDirectory());
        new TextFormatter().Write(report, TextWriter.Null);
        Report("text output", clock);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{load.Files.Length} files, {load.Objects.Length} objects, {result.Findings.Length} findings, {GC.GetTotalAllocatedBytes() / (1024 * 1024)} MB allocated, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB, GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}"));

        // Each rule alone, sequentially, on one index. A first pass builds the lazy lookups and JIT-compiles the rules,
        // so the timed pass charges each rule for its own work, not for the shared facts it happened to touch first.
        var context = new RuleContext(index);
        foreach (var rule in RuleCatalog.Rules)
        {
            _ = rule.Evaluate(context).Count();
        }

        var times = new List<(string Id, double Ms)>();
        foreach (var rule in RuleCatalog.Rules)
        {
            var ruleClock = Stopwatch.StartNew();
            _ = rule.Evaluate(context).Count();
            times.Add((rule.Descriptor.Id, ruleClock.Elapsed.TotalMilliseconds));
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rules alone, sequential: {times.Sum(t => t.Ms):F0} ms; slowest:"));
        foreach (var (id, ms) in times.OrderByDescending(t => t.Ms).Take(15))
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {id} {ms,8:F1} ms"));
        }

        // Every rule's time, for run.sh to compare two corpus sizes (a rule that grows faster than the corpus is a bug).
        if (Environment.GetEnvironmentVariable("MESHLINT_RULE_TIMES") is { Length: > 0 } path)
        {
            File.WriteAllLines(path, times.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Id}\t{t.Ms:F1}")));
        }

        return 0;
    }

    private static void Report(string phase, Stopwatch clock)
    {
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phase,-60} {clock.Elapsed.TotalMilliseconds,8:F0} ms"));
        clock.Restart();
    }
}
