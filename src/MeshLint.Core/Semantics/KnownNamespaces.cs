using System.Collections.Frozen;
using MeshLint.Core.Index;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics;

/// <summary>
/// The namespaces a reference by name (an AuthorizationPolicy source, an <c>exportTo</c> entry, a ReferenceGrant's
/// <c>from</c>) may be judged against: namespaces declared as Namespace objects or holding an object in the files,
/// the Istio root namespace, the Kubernetes and Istio system namespaces and those named external in the settings.
/// Judging is only meaningful when the files declare Namespace objects at all; unless they are the whole mesh
/// (<c>mesh.complete</c>), only a name one or two edits away from a known one is a probable mistake (a typo), since
/// other names usually belong to namespaces managed elsewhere.
/// </summary>
public sealed class KnownNamespaces
{
    private static readonly string[] AlwaysKnown = ["default", "kube-system", "kube-public", "kube-node-lease", "istio-system"];

    private readonly FrozenSet<string> names;
    private readonly string[] ordered;
    private readonly bool complete;

    private KnownNamespaces(MeshIndex index)
    {
        Judged = !index.OfType<Namespace>().IsEmpty;
        complete = index.Settings.Complete;
        names = index.NamespaceNames
            .Concat(AlwaysKnown)
            .Append(index.Settings.IstioRootNamespace)
            .Concat(index.Settings.External.Where(e => e.EndsWith("/*", StringComparison.Ordinal)).Select(e => e[..^2]))
            .ToFrozenSet(StringComparer.Ordinal);
        ordered = names.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>True when the files declare Namespace objects, so that an unknown name means something; <see cref="IsUnknown"/> is false otherwise.</summary>
    public bool Judged { get; }

    public static KnownNamespaces Of(MeshIndex index) => index.Facts(i => new KnownNamespaces(i));

    public bool Contains(string name) => names.Contains(name);

    /// <summary>
    /// Whether <paramref name="name"/> (a plain name, or with <paramref name="allowWildcards"/> a <c>prefix*</c> or
    /// <c>*suffix</c> pattern) should be reported as naming no namespace. <paramref name="hint"/> is
    /// " (did you mean x?)" for a near miss, otherwise empty.
    /// </summary>
    public bool IsUnknown(string name, bool allowWildcards, out string hint)
    {
        hint = string.Empty;
        if (!Judged || name.Length == 0 || (allowWildcards ? ordered.Any(ns => Matches(name, ns)) : names.Contains(name)))
        {
            return false;
        }

        var closest = NearMiss.Closest(ordered, name);
        if (closest is null && !complete)
        {
            return false;
        }

        hint = NearMiss.Hint(closest);
        return true;
    }

    private static bool Matches(string pattern, string ns) =>
        pattern == "*"
        || (pattern.StartsWith('*') && ns.EndsWith(pattern[1..], StringComparison.Ordinal))
        || (pattern.EndsWith('*') && ns.StartsWith(pattern[..^1], StringComparison.Ordinal))
        || pattern == ns;
}
