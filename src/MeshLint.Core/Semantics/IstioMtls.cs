using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics;

/// <summary>
/// The mTLS mode a server gets and the PeerAuthentication that decides it. <see cref="DecidedBy"/> is null when
/// no policy applies and Istio's default (<c>PERMISSIVE</c>) holds; <see cref="IsKnown"/> then says whether the files
/// show the whole mesh-wide picture (root namespace or mesh config declared, or a complete mesh) or the mesh-wide
/// policy may live elsewhere.
/// </summary>
public sealed record MtlsDecision(string Mode, PeerAuthentication? DecidedBy, Located<string>? Field, PolicyScope? Scope, bool IsKnown)
{
    public bool IsStrict => Mode == "STRICT";

    /// <summary>True when plaintext is accepted (PERMISSIVE or DISABLE).</summary>
    public bool AcceptsPlaintext => Mode is "PERMISSIVE" or "DISABLE";

    /// <summary>A short description of where the mode comes from, for messages.</summary>
    public string Source => DecidedBy is { } pa ? $"PeerAuthentication {pa.Namespace}/{pa.Name}" : "Istio's default";
}

/// <summary>How istiod resolves PeerAuthentications into the mTLS mode of a workload, a port, or a namespace.</summary>
public static class IstioMtls
{
    public const string DefaultMode = "PERMISSIVE";

    /// <summary>True when the files show the mesh-wide mTLS default: the root namespace or a mesh config is declared.</summary>
    public static bool MeshDefaultIsKnown(MeshIndex index) =>
        index.Settings.Complete || index.MeshConfig.IsDeclared || index.Namespace(index.Settings.IstioRootNamespace) is not null;

    /// <summary>
    /// The mode for a workload, or for one of its container ports. Istio takes one policy per level (the oldest; file
    /// order stands in for age): the workload policy's port setting, then its mode, then the namespace policy, then the
    /// mesh policy; <c>UNSET</c> or a missing mode defers to the next level.
    /// </summary>
    public static MtlsDecision For(Workload workload, MeshIndex index, long? port = null)
    {
        var seen = new HashSet<PolicyScope>();
        foreach (var policy in IstioPolicies.PeerAuthenticationsFor(workload, index))
        {
            var scope = IstioPolicies.ScopeOf(policy.Selector, policy.Namespace, index.Settings);
            if (!seen.Add(scope))
            {
                continue;
            }

            if (port is { } p && scope == PolicyScope.Workload)
            {
                var portSetting = policy.PortLevelMtls.FirstOrDefault(m => m.Port.Value == p.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (portSetting?.Mode is { } portMode && IsSet(portMode.Value))
                {
                    return new MtlsDecision(portMode.Value, policy, portMode, scope, true);
                }
            }

            if (policy.MtlsMode is { } mode && IsSet(mode.Value))
            {
                return new MtlsDecision(mode.Value, policy, mode, scope, true);
            }
        }

        return Default(index);
    }

    /// <summary>The mode that applies namespace-wide: the namespace's selector-less policy, else the mesh-wide one.</summary>
    public static MtlsDecision ForNamespace(string ns, MeshIndex index)
    {
        if (ns != index.Settings.IstioRootNamespace && FirstSelectorless(ns, index) is { } nsPolicy)
        {
            return nsPolicy;
        }

        return ForMesh(index);
    }

    /// <summary>The mesh-wide mode: the root namespace's selector-less policy, else Istio's default.</summary>
    public static MtlsDecision ForMesh(MeshIndex index) =>
        FirstSelectorless(index.Settings.IstioRootNamespace, index) ?? Default(index);

    /// <summary>Selector-less PeerAuthentications of a namespace, in file order.</summary>
    public static IEnumerable<PeerAuthentication> SelectorlessIn(string ns, MeshIndex index) =>
        index.InNamespace<PeerAuthentication>(ns).Where(p => (p.Selector is null || p.Selector.Labels.IsEmpty));

    /// <summary>UNSET (or no mode) inherits from the level above.</summary>
    public static bool IsSet(string mode) => mode.Length > 0 && mode != "UNSET";

    private static MtlsDecision? FirstSelectorless(string ns, MeshIndex index)
    {
        // Istio keeps the oldest of several selector-less policies; the first in file order stands in for it.
        var policy = SelectorlessIn(ns, index).FirstOrDefault();
        if (policy?.MtlsMode is { } mode && IsSet(mode.Value))
        {
            return new MtlsDecision(mode.Value, policy, mode, IstioPolicies.ScopeOf(policy.Selector, policy.Namespace, index.Settings), true);
        }

        return null;
    }

    private static MtlsDecision Default(MeshIndex index) => new(DefaultMode, null, null, null, MeshDefaultIsKnown(index));
}
