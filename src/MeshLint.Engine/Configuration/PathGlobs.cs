using System.Collections.Immutable;
using Microsoft.Extensions.FileSystemGlobbing;

namespace MeshLint.Engine.Configuration;

/// <summary>
/// Globs relative to a folder, read the way .gitignore reads them: <c>**</c> spans folders, a pattern without a slash
/// matches at any depth (<c>*.json</c>, <c>charts</c>), a leading slash anchors it to the folder, a trailing slash means
/// everything under that folder.
/// </summary>
public sealed class PathGlobs
{
    private readonly Matcher matcher = new(StringComparison.Ordinal);

    public PathGlobs(string root, IEnumerable<string> patterns)
    {
        Root = Path.GetFullPath(root);
        Patterns = patterns.ToImmutableArray();
        foreach (var pattern in Patterns)
        {
            foreach (var expanded in Expand(pattern))
            {
                matcher.AddInclude(expanded);
            }
        }
    }

    public string Root { get; }

    public ImmutableArray<string> Patterns { get; }

    /// <summary>True when the file (an absolute path) is under <see cref="Root"/> and a pattern matches it.</summary>
    public bool Matches(string fullPath)
    {
        var relative = Path.GetRelativePath(Root, fullPath);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return false;
        }

        return matcher.Match(relative.Replace('\\', '/')).HasMatches;
    }

    internal static IEnumerable<string> Expand(string pattern)
    {
        var glob = pattern.Trim().Replace('\\', '/');
        var anchored = glob.StartsWith('/');
        glob = glob.TrimStart('/');
        if (glob.EndsWith('/'))
        {
            glob += "**";
        }

        var body = glob.TrimEnd('*').TrimEnd('/');
        if (!anchored && !body.Contains('/', StringComparison.Ordinal) && !glob.StartsWith("**", StringComparison.Ordinal))
        {
            glob = "**/" + glob;
        }

        yield return glob;
        if (!glob.EndsWith("**", StringComparison.Ordinal))
        {
            // A pattern naming a folder (exclude: [charts]) covers everything inside it.
            yield return glob + "/**";
        }
    }
}
