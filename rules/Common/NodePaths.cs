using MeshLint.Core.Model;

namespace MeshLint.Rules.Common;

/// <summary>
/// Selects nodes of an object's tree by a dotted path: <c>spec.subsets[].trafficPolicy</c>. <c>[]</c> after a key
/// visits each item of a list; a <c>*</c> segment visits each value of a map (e.g. <c>portLevelMtls.*.mode</c>).
/// Each result carries the map holding the last key, so missing fields can be anchored on their parent.
/// </summary>
internal static class NodePaths
{
    public readonly record struct Hit(MappingNode Parent, string Key, Node? Value);

    /// <summary>The path as messages show it: <c>spec.subsets.trafficPolicy</c>.</summary>
    public static string Display(string path) => path.Replace("[]", string.Empty, StringComparison.Ordinal);

    public static IEnumerable<Hit> Select(MappingNode root, string path)
    {
        var segments = path.Split('.');
        return Walk(root, segments, 0);
    }

    private static IEnumerable<Hit> Walk(MappingNode map, string[] segments, int index)
    {
        var segment = segments[index];
        var each = segment.EndsWith("[]", StringComparison.Ordinal);
        var key = each ? segment[..^2] : segment;
        var last = index == segments.Length - 1;

        IEnumerable<(string Key, Node? Value)> values = key == "*"
            ? map.Entries.Select(e => (e.Key.Value, (Node?)e.Value))
            : [(key, map[key])];
        foreach (var (name, value) in values)
        {
            if (each)
            {
                if (value is not SequenceNode list)
                {
                    continue;
                }

                foreach (var item in list.Items)
                {
                    if (last)
                    {
                        yield return new Hit(map, name, item);
                    }
                    else if (item is MappingNode child)
                    {
                        foreach (var hit in Walk(child, segments, index + 1))
                        {
                            yield return hit;
                        }
                    }
                }

                continue;
            }

            if (last)
            {
                yield return new Hit(map, name, value);
            }
            else if (value is MappingNode child)
            {
                foreach (var hit in Walk(child, segments, index + 1))
                {
                    yield return hit;
                }
            }
        }
    }
}
