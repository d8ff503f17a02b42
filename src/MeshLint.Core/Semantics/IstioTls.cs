using System.Collections.Immutable;
using MeshLint.Core.Model.Istio;

namespace MeshLint.Core.Semantics;

/// <summary>One <c>tls</c> block of a DestinationRule and where it sits (top level, a port, a subset, a subset's port).</summary>
public sealed record DestinationRuleTls(ClientTls Tls, long? Port, Subset? Subset)
{
    public string? Mode => Tls.Mode?.Value;

    /// <summary>"port 80 of subset v1", "subset v1", "port 80", or "the whole host", for messages.</summary>
    public string Where => (Port, Subset) switch
    {
        ({ } p, { } s) => $"port {p} of subset {s.Name.Value}",
        (null, { } s) => $"subset {s.Name.Value}",
        ({ } p, null) => $"port {p}",
        _ => "the whole host",
    };
}

/// <summary>TLS settings of DestinationRules, the way client sidecars apply them.</summary>
public static class IstioTls
{
    /// <summary>Every <c>tls</c> block of the rule, top level first, in file order.</summary>
    public static ImmutableArray<DestinationRuleTls> AllTls(DestinationRule rule)
    {
        var result = ImmutableArray.CreateBuilder<DestinationRuleTls>();
        Add(rule.TrafficPolicy, null, result);
        foreach (var subset in rule.Subsets)
        {
            Add(subset.TrafficPolicy, subset, result);
        }

        return result.ToImmutable();
    }

    /// <summary>True when the rule sets TLS anywhere (top level, ports, subsets).</summary>
    public static bool HasTls(DestinationRule rule) => !AllTls(rule).IsEmpty;

    private static void Add(TrafficPolicy? policy, Subset? subset, ImmutableArray<DestinationRuleTls>.Builder result)
    {
        if (policy is null)
        {
            return;
        }

        if (policy.Tls is { } tls)
        {
            result.Add(new DestinationRuleTls(tls, null, subset));
        }

        foreach (var port in policy.PortLevelSettings)
        {
            if (port.Tls is { } portTls)
            {
                result.Add(new DestinationRuleTls(portTls, port.Port?.Value, subset));
            }
        }
    }
}
