using System.Collections.Immutable;
using MeshLint.Core.Model;

namespace MeshLint.Core.Index;

/// <summary>
/// What a live read covered: the kinds whose lists were all read, and the namespaces read (empty: all). Only an
/// object of a covered kind in a covered namespace can be said to be missing from the cluster.
/// </summary>
public sealed record ClusterCoverage(ImmutableHashSet<string> Kinds, ImmutableArray<string> Namespaces)
{
    /// <summary>Kinds a live read never asks for, so their absence from a cluster says nothing.</summary>
    public static readonly ImmutableHashSet<string> NeverRead = ["Secret", "ConfigMap"];

    /// <summary>True when the read would have seen <paramref name="obj"/> had it been in the cluster.</summary>
    public static bool Covers(ClusterCoverage? coverage, MeshObject obj)
    {
        if (NeverRead.Contains(obj.Kind))
        {
            return false;
        }

        if (coverage is null)
        {
            return true;
        }

        return coverage.Kinds.Contains(obj.Kind)
            && (coverage.Namespaces.IsDefaultOrEmpty || obj.Namespace is null || coverage.Namespaces.Contains(obj.Namespace));
    }
}
