using System.Globalization;
using MeshLint.Core.Model.Istio;

namespace MeshLint.Rules.Common;

/// <summary>How findings name the parts of a VirtualService, so that messages read the same across rules.</summary>
internal static class RuleText
{
    public static string Route(VirtualServiceRoute route) =>
        route.Name is { } name
            ? $"{route.Protocol} route \"{name.Value}\""
            : $"{route.Protocol} route {(route.Index + 1).ToString(CultureInfo.InvariantCulture)}";

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string List(IEnumerable<string> items, int max = 5)
    {
        var all = items.ToList();
        return all.Count <= max ? string.Join(", ", all) : string.Join(", ", all.Take(max)) + ", ...";
    }
}
