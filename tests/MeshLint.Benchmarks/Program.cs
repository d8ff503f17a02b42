using BenchmarkDotNet.Running;
using MeshLint.Benchmarks;

// Modes: --floor DIR (the parsing floor), --phases DIR (one timed run, phase by phase and rule by rule),
// anything else goes to BenchmarkDotNet (e.g. --filter '*' ; the corpus is MESHLINT_BENCH_CORPUS or generated).
return args switch
{
    ["--floor", var dir] => Floor.Run(dir),
    ["--phases", var dir] => Phases.Run(dir),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(PhaseBenchmarks).Assembly).Run(args);
    return 0;
}
