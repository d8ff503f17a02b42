using System.Collections.Immutable;
using System.Text;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;

namespace MeshLint.Core.Semantics;

/// <summary>A route that no request can reach, and why.</summary>
public sealed record UnreachableRoute(VirtualServiceRoute Route, VirtualServiceRoute By, bool AfterCatchAll);

/// <summary>A match of a still reachable route that an earlier route's match already captures.</summary>
public sealed record ShadowedMatch(VirtualServiceRoute Route, MappingNode Match, VirtualServiceRoute By, SourceSpan Span, string? CoveringPrefix);

/// <summary>
/// First-match-wins analysis of one list of VirtualService routes (http, tcp or tls), as Istio's validation does it:
/// a route after a match-less route is dead, a match equal to an earlier one (its <c>name</c> aside) is dead, and
/// so is a URI match inside an earlier URI prefix whose other conditions are the same.
/// </summary>
public static class RouteShadowing
{
    public static (ImmutableArray<UnreachableRoute> Unreachable, ImmutableArray<ShadowedMatch> Shadowed) Analyze(ImmutableArray<VirtualServiceRoute> routes)
    {
        var unreachable = ImmutableArray.CreateBuilder<UnreachableRoute>();
        var shadowed = ImmutableArray.CreateBuilder<ShadowedMatch>();
        var seen = new Dictionary<string, VirtualServiceRoute>(StringComparer.Ordinal);
        var prefixes = new List<(string Others, string Prefix, VirtualServiceRoute Route)>();
        VirtualServiceRoute? catchAll = null;

        foreach (var route in routes)
        {
            if (catchAll is not null)
            {
                unreachable.Add(new UnreachableRoute(route, catchAll, AfterCatchAll: true));
                continue;
            }

            if (route.Matches.IsDefaultOrEmpty)
            {
                catchAll = route;
                continue;
            }

            var dead = new List<ShadowedMatch>();
            var keys = new List<(string Key, string Others, string? Prefix)>();
            foreach (var match in route.Matches)
            {
                var key = Canonical(match, skipName: true, skipUri: false);
                var rest = Canonical(match, skipName: true, skipUri: true);
                // Only a URI condition of a single prefix or exact value takes part in prefix coverage.
                var uri = match["uri"] is MappingNode { Entries.Length: 1 } single ? single : null;
                var prefix = (uri?["prefix"] as ScalarNode)?.Value;
                var exact = (uri?["exact"] as ScalarNode)?.Value;
                keys.Add((key, rest, prefix));
                if (seen.TryGetValue(key, out var earlier))
                {
                    dead.Add(new ShadowedMatch(route, match, earlier, match.Span, null));
                    continue;
                }

                var path = prefix ?? exact;
                if (path is not null)
                {
                    var covering = prefixes.FirstOrDefault(p => p.Others == rest && path.StartsWith(p.Prefix, StringComparison.Ordinal));
                    if (covering.Route is not null)
                    {
                        var valueSpan = uri![prefix is not null ? "prefix" : "exact"]!.Span;
                        dead.Add(new ShadowedMatch(route, match, covering.Route, valueSpan, covering.Prefix));
                    }
                }
            }

            foreach (var (key, rest, prefix) in keys)
            {
                seen.TryAdd(key, route);
                if (prefix is not null)
                {
                    prefixes.Add((rest, prefix, route));
                }
            }

            if (dead.Count == route.Matches.Length)
            {
                unreachable.Add(new UnreachableRoute(route, dead[0].By, AfterCatchAll: false));
            }
            else
            {
                shadowed.AddRange(dead);
            }
        }

        return (unreachable.ToImmutable(), shadowed.ToImmutable());
    }

    /// <summary>An order-independent rendering of a match, for equality: keys sorted, scalars by value.</summary>
    private static string Canonical(MappingNode match, bool skipName, bool skipUri)
    {
        var builder = new StringBuilder();
        Append(builder, match, topLevel: true, skipName, skipUri);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, Node node, bool topLevel, bool skipName, bool skipUri)
    {
        switch (node)
        {
            case ScalarNode scalar:
                builder.Append('"').Append(scalar.IsNull ? string.Empty : scalar.Value.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                break;
            case SequenceNode sequence:
                builder.Append('[');
                foreach (var item in sequence.Items)
                {
                    Append(builder, item, topLevel: false, skipName, skipUri);
                    builder.Append(',');
                }

                builder.Append(']');
                break;
            case MappingNode map:
                builder.Append('{');
                foreach (var (key, value) in map.Entries.OrderBy(e => e.Key.Value, StringComparer.Ordinal))
                {
                    if (topLevel && ((skipName && key.Value == "name") || (skipUri && key.Value == "uri")))
                    {
                        continue;
                    }

                    builder.Append(key.Value).Append(':');
                    Append(builder, value, topLevel: false, skipName, skipUri);
                    builder.Append(',');
                }

                builder.Append('}');
                break;
        }
    }
}
