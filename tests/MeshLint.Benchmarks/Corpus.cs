using System.Diagnostics;
using System.Globalization;

namespace MeshLint.Benchmarks;

/// <summary>The benchmark input: MESHLINT_BENCH_CORPUS, or a tree made once by ../shared/bench/gen_corpus.py.</summary>
internal static class Corpus
{
    public static string Directory(int services)
    {
        if (Environment.GetEnvironmentVariable("MESHLINT_BENCH_CORPUS") is { Length: > 0 } given)
        {
            return given;
        }

        var target = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"meshlint-bench-{services}"));
        if (System.IO.Directory.Exists(target))
        {
            return target;
        }

        var generator = Generator() ?? throw new InvalidOperationException("gen_corpus.py not found: set MESHLINT_BENCH_CORPUS to a manifest tree");
        var start = new ProcessStartInfo("python3") { ArgumentList = { generator, "--services", services.ToString(CultureInfo.InvariantCulture), "--out", target } };
        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode == 0 ? target : throw new InvalidOperationException("gen_corpus.py failed");
    }

    private static string? Generator()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "bench", "gen_corpus.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
