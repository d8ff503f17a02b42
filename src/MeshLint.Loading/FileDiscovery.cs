namespace MeshLint.Loading;

/// <summary>Finds manifest files under the paths a user gives.</summary>
public static class FileDiscovery
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
        ReturnSpecialDirectories = false,
    };

    public static bool IsManifestPath(string path) =>
        Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Files named directly are taken as given (whatever their extension); folders are searched for .yaml, .yml
    /// and .json files, skipping hidden folders such as .git. The result is sorted, so runs are deterministic.
    /// </summary>
    public static (List<string> Files, List<string> Missing) Discover(IEnumerable<string> paths)
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                files.Add(full);
            }
            else if (Directory.Exists(full))
            {
                foreach (var file in Directory.EnumerateFiles(full, "*", Options))
                {
                    if (IsManifestPath(file) && !IsUnderHiddenFolder(full, file))
                    {
                        files.Add(file);
                    }
                }
            }
            else
            {
                missing.Add(path);
            }
        }

        var sorted = files.ToList();
        sorted.Sort(StringComparer.Ordinal);
        return (sorted, missing);
    }

    private static bool IsUnderHiddenFolder(string root, string file)
    {
        var relative = Path.GetRelativePath(root, file);
        var parts = relative.Split(Path.DirectorySeparatorChar);
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (parts[i].StartsWith('.') || parts[i] == "node_modules")
            {
                return true;
            }
        }

        return false;
    }
}
