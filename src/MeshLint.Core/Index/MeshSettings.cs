namespace MeshLint.Core.Index;

/// <summary>Facts about the mesh that manifests may not state; set from .meshlint.yaml or defaults.</summary>
public sealed record MeshSettings
{
    public static MeshSettings Default { get; } = new();

    /// <summary>Istio's root namespace: policies there without a selector apply mesh-wide.</summary>
    public string IstioRootNamespace { get; init; } = "istio-system";

    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>
    /// True when the scanned files are the whole mesh, so "X is not defined anywhere" is a certainty rather
    /// than a suspicion. Closed-world rules raise their confidence when it is set.
    /// </summary>
    public bool Complete { get; init; }

    /// <summary>Consul installation settings for repos that do not hold the Consul Helm values (<c>consul:</c> in .meshlint.yaml).</summary>
    public ConsulInstallSettings Consul { get; init; } = new();

    /// <summary>Linkerd installation settings for repos that do not hold the linkerd-control-plane Helm values (<c>linkerd:</c> in .meshlint.yaml).</summary>
    public LinkerdInstallSettings Linkerd { get; init; } = new();
}

/// <summary>
/// The Linkerd Helm values that change what Linkerd rules conclude, stated in configuration. Null means "not stated":
/// Helm values in the repo, then the chart defaults, decide. The cluster domain is <see cref="MeshSettings.ClusterDomain"/>.
/// </summary>
public sealed record LinkerdInstallSettings(string? DefaultInboundPolicy = null, string? IdentityTrustDomain = null, string? OpaquePorts = null);

/// <summary>
/// The Consul Helm values that change what Consul rules conclude, stated in configuration. Null means "not stated":
/// Helm values in the repo, then the chart defaults, decide.
/// </summary>
public sealed record ConsulInstallSettings(bool? AclsEnabled = null, bool? ConnectInjectDefault = null, bool? TransparentProxyDefault = null);
