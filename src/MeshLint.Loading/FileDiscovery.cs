using System.Collections.Immutable;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;

namespace MeshLint.Loading;

/// <summary>What discovery found: files to load (sorted), paths that do not exist, and problems met on the way.</summary>
public sealed record DiscoveryResult(List<string> Files, List<string> Missing, ImmutableArray<Finding> Diagnostics)
{
    public void Deconstruct(out List<string> files, out List<string> missing)
    {
        files = Files;
        missing = Missing;
    }
}

/// <summary>Finds manifest files under the paths a user gives.</summary>
public static class FileDiscovery
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    public static bool IsManifestPath(string path) =>
        Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Files named directly are taken as given (whatever their extension); folders are searched for .yaml, .yml
    /// and .json files, skipping hidden files and folders (.git) and node_modules. Links to folders are followed
    /// once each: a link back to a folder being searched is reported (ML9029) and skipped, so link loops cannot
    /// make the search endless. A file reached twice through links is loaded once. The result is sorted.
    /// </summary>
    public static DiscoveryResult Discover(IEnumerable<string> paths, string? baseDirectory = null)
    {
        baseDirectory ??= Directory.GetCurrentDirectory();
        var walk = new Walk(baseDirectory);
        var missing = new List<string>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                walk.Search(full);
            }
            else if (File.Exists(full) || new FileInfo(full).LinkTarget is not null)
            {
                // Named files are loaded as given; a dangling or looping link is reported by the loader.
                walk.AddFile(full, RealPath(full));
            }
            else
            {
                missing.Add(path);
            }
        }

        return new DiscoveryResult(walk.Files(), missing, walk.Diagnostics.ToImmutable());
    }

    private sealed class Walk(string baseDirectory)
    {
        private readonly Dictionary<string, string> realToShown = new(StringComparer.Ordinal);
        private readonly HashSet<string> searched = new(StringComparer.Ordinal);

        public ImmutableArray<Finding>.Builder Diagnostics { get; } = ImmutableArray.CreateBuilder<Finding>();

        public List<string> Files()
        {
            var files = realToShown.Values.ToList();
            files.Sort(StringComparer.Ordinal);
            return files;
        }

        public void AddFile(string shown, string real)
        {
            if (!realToShown.TryGetValue(real, out var existing) || string.CompareOrdinal(shown, existing) < 0)
            {
                realToShown[real] = shown;
            }
        }

        public void Search(string root)
        {
            // An explicit stack: folder depth cannot overflow the call stack either.
            var pending = new Stack<(string Shown, string Real)>();
            pending.Push((root, RealPath(root)));
            while (pending.Count > 0)
            {
                var (shown, real) = pending.Pop();
                if (!searched.Add(real))
                {
                    continue; // reached before through another link
                }

                IEnumerable<FileSystemInfo> entries;
                try
                {
                    entries = new DirectoryInfo(shown).EnumerateFileSystemInfos("*", Options).ToList();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    Report(ToolRules.UnreadableFile, shown, $"The folder cannot be read ({(ex is UnauthorizedAccessException ? "permission denied" : ex.Message.TrimEnd('.'))}), so its files were not checked; fix its permissions or leave it out of the paths checked.");
                    continue;
                }

                foreach (var entry in entries)
                {
                    if (entry.Name.StartsWith('.') || entry.Name == "node_modules")
                    {
                        continue;
                    }

                    var entryReal = Path.Combine(real, entry.Name);
                    if (entry is DirectoryInfo directory)
                    {
                        if (directory.LinkTarget is null)
                        {
                            pending.Push((directory.FullName, entryReal));
                            continue;
                        }

                        FollowFolderLink(directory, real, pending);
                    }
                    else if (IsManifestPath(entry.Name))
                    {
                        AddFile(entry.FullName, entry.LinkTarget is null ? entryReal : RealPath(entry.FullName));
                    }
                }
            }
        }

        private void FollowFolderLink(DirectoryInfo link, string parentReal, Stack<(string Shown, string Real)> pending)
        {
            var target = RealPath(link.FullName);
            if (!Directory.Exists(target))
            {
                Report(ToolRules.UnreadableFile, link.FullName, "The folder link leads nowhere (its target does not exist or the links loop), so nothing under it was checked; fix or remove the link.");
                return;
            }

            if (IsSameOrUnder(parentReal, target))
            {
                Report(ToolRules.LinkLoop, link.FullName, $"The folder link points back to '{ManifestLoader.DisplayPath(target, baseDirectory)}', a folder that contains it, and was not followed.");
                return;
            }

            pending.Push((link.FullName, target));
        }

        private void Report(RuleDescriptor rule, string path, string message) =>
            Diagnostics.Add(new Finding(rule.Id, rule.DefaultSeverity, message, new SourceSpan(ManifestLoader.DisplayPath(path, baseDirectory), 1, 1, 1, 1), null));
    }

    private static bool IsSameOrUnder(string path, string ancestor) =>
        path == ancestor || (path.StartsWith(ancestor, StringComparison.Ordinal) && (ancestor.EndsWith(Path.DirectorySeparatorChar) || path[ancestor.Length] == Path.DirectorySeparatorChar));

    /// <summary>
    /// The path with every link along it resolved (a managed realpath), so a folder reached through different links
    /// has one identity. A path whose links loop is returned as it is; a dangling link resolves to its target path.
    /// </summary>
    internal static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? string.Empty;
        var parts = new Queue<string>(full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        var current = root;
        var hops = 0;
        while (parts.TryDequeue(out var part))
        {
            var candidate = Path.Combine(current, part);
            var link = new FileInfo(candidate).LinkTarget;
            if (link is null)
            {
                current = candidate;
                continue;
            }

            if (++hops > 40)
            {
                return full; // the OS gives up on link chains this long (ELOOP) too
            }

            // current holds no links, so resolving '..' in the target against it lexically is exact.
            var target = Path.GetFullPath(Path.IsPathRooted(link) ? link : Path.Combine(current, link));
            var targetRoot = Path.GetPathRoot(target) ?? string.Empty;
            var rest = parts.ToArray();
            parts = new Queue<string>(target[targetRoot.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Concat(rest));
            current = targetRoot;
        }

        return current;
    }
}
