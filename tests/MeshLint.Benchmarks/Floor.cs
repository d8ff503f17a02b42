using System.Diagnostics;
using System.Globalization;
using YamlDotNet.Core;

namespace MeshLint.Benchmarks;

/// <summary>
/// The floor MeshLint is measured against: one thread reads every manifest and pulls YamlDotNet's parser events
/// through to the end, building nothing. Any linter built on that parser does at least this much work.
/// </summary>
internal static class Floor
{
    public static int Run(string directory)
    {
        var clock = Stopwatch.StartNew();
        var files = Directory.EnumerateFiles(directory, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        long events = 0;
        foreach (var file in files)
        {
            var parser = new Parser(new StringReader(File.ReadAllText(file)));
            while (parser.MoveNext())
            {
                events++;
            }
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"floor: {files.Count} files, {events} YAML events in {clock.Elapsed.TotalMilliseconds:F0} ms (in-process)"));
        return 0;
    }
}
