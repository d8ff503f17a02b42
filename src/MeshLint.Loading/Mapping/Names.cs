using System.Collections.Concurrent;

namespace MeshLint.Loading.Mapping;

/// <summary>
/// One string per distinct kind, apiVersion and namespace: thousands of objects share a handful of them, so the
/// model keeps one copy each and comparisons of equal names usually stop at the reference check. A pool of our own,
/// not <see cref="string.Intern"/>, which takes a process-wide lock and never frees.
/// </summary>
internal static class Names
{
    // Bounded so a hostile tree of a million namespaces cannot grow it without end; past the bound names are kept as read.
    private const int Capacity = 10_000;

    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);

    public static string Intern(string name)
    {
        if (Pool.TryGetValue(name, out var pooled))
        {
            return pooled;
        }

        return Pool.Count < Capacity ? Pool.GetOrAdd(name, name) : name;
    }
}
