namespace MeshLint.Loading;

/// <summary>Bounds shared by the YAML and JSON readers.</summary>
internal static class ReaderLimits
{
    /// <summary>Duplicate keys reported per file; the rest are counted, not reported.</summary>
    public const int DuplicateKeyReportLimit = 100;

    /// <summary>Longest key shown in a message; a hostile key can be megabytes long.</summary>
    private const int ShownKeyLength = 80;

    public static string Shorten(string key) => key.Length <= ShownKeyLength ? key : string.Concat(key.AsSpan(0, ShownKeyLength), "...");
}
