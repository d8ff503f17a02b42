using MeshLint.Core.Index;

namespace MeshLint.Core.Semantics;

/// <summary>
/// What closed-world rules may conclude from an object's absence. The checked files may hold only part of the mesh;
/// <see cref="MeshSettings.External"/> names what lives elsewhere, so it is never reported missing.
/// </summary>
public static class ClosedWorld
{
    /// <summary>
    /// True when the configuration says an object <paramref name="name"/> of namespace <paramref name="ns"/> (null:
    /// any namespace, as Consul service names are) lives outside the checked files: <c>ns/name</c>, <c>ns/*</c> or a
    /// bare <c>name</c>.
    /// </summary>
    public static bool IsExternal(MeshSettings settings, string? ns, string name)
    {
        foreach (var entry in settings.External)
        {
            var slash = entry.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                if (string.Equals(entry, name, StringComparison.Ordinal))
                {
                    return true;
                }

                continue;
            }

            var (entryNs, entryName) = (entry[..slash], entry[(slash + 1)..]);
            if ((ns is null || string.Equals(entryNs, ns, StringComparison.Ordinal)) && (entryName == "*" || string.Equals(entryName, name, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the configuration says namespace <paramref name="ns"/> lives (in part) outside the checked files (<c>ns/*</c>).</summary>
    public static bool IsExternalNamespace(MeshSettings settings, string ns) =>
        settings.External.Any(e => string.Equals(e, ns + "/*", StringComparison.Ordinal));
}
