namespace MeshLint.Core.Semantics;

/// <summary>"Did you mean" for names that match nothing: the closest known name one or two edits away.</summary>
public static class NearMiss
{
    /// <summary>
    /// The candidate at the smallest edit distance (1 or 2) from <paramref name="name"/>, ties broken by ordinal order;
    /// null when none is that close. Comparison ignores case when <paramref name="ignoreCase"/> is set (host names).
    /// </summary>
    public static string? Closest(IEnumerable<string> candidates, string name, bool ignoreCase = false)
    {
        var probe = ignoreCase ? name.ToLowerInvariant() : name;
        string? best = null;
        var bestDistance = 3;
        foreach (var candidate in candidates)
        {
            if (Math.Abs(candidate.Length - name.Length) > 2)
            {
                continue;
            }

            var distance = EditDistance(probe, ignoreCase ? candidate.ToLowerInvariant() : candidate);
            if (distance > 0 && (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0)))
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best;
    }

    /// <summary>" (did you mean x?)" for a near miss, otherwise empty.</summary>
    public static string Hint(string? closest) => closest is null ? string.Empty : $" (did you mean {closest}?)";

    /// <summary>Levenshtein distance.</summary>
    public static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
