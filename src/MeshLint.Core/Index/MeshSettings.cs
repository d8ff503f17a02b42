using System.Collections.Immutable;
using System.ComponentModel;

namespace MeshLint.Core.Index;

/// <summary>
/// Facts about the mesh that manifests may not state; set from the <c>mesh:</c> section of .meshlint.yaml or defaults.
/// Every public init property is a configuration key (its name in camelCase; a nested settings record is a nested
/// section); its <see cref="DescriptionAttribute"/> documents it in the README's generated key table.
/// </summary>
public sealed record MeshSettings
{
    public static MeshSettings Default { get; } = new();

    /// <summary>Istio's root namespace: policies there without a selector apply mesh-wide.</summary>
    [Description("Istio's root namespace: policies there without a selector apply mesh-wide.")]
    public string IstioRootNamespace { get; init; } = "istio-system";

    [Description("The cluster's DNS domain, for resolving short service names.")]
    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>
    /// True when the scanned files are the whole mesh, so "X is not defined anywhere" is a certainty rather
    /// than a suspicion. Closed-world rules raise their confidence when it is set.
    /// </summary>
    [Description("True when the checked files are the whole mesh, so rules may report what is missing with certainty.")]
    public bool Complete { get; init; }

    /// <summary>
    /// What lives outside the checked files: <c>namespace/name</c> (an object, e.g. a Service, Server or
    /// ServiceAccount), <c>namespace/*</c> (a whole namespace) or a bare <c>name</c> (a Consul service, or that name in
    /// any namespace). Closed-world rules never report these missing, even when <see cref="Complete"/> is set.
    /// </summary>
    [Description("Objects that live outside the checked files, so closed-world rules never report them missing: namespace/name (a Service, Server, ServiceAccount, ...), namespace/* (a whole namespace) or a bare name (a Consul service, or that name in any namespace).")]
    public ImmutableArray<string> External { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>Consul installation settings for repos that do not hold the Consul Helm values (<c>consul:</c> in .meshlint.yaml).</summary>
    public ConsulInstallSettings Consul { get; init; } = new();

    /// <summary>Linkerd installation settings for repos that do not hold the linkerd-control-plane Helm values (<c>linkerd:</c> in .meshlint.yaml).</summary>
    public LinkerdInstallSettings Linkerd { get; init; } = new();
}

/// <summary>
/// The Linkerd Helm values that change what Linkerd rules conclude, stated in configuration. Null means "not stated":
/// Helm values in the repo, then the chart defaults, decide. The cluster domain is <see cref="MeshSettings.ClusterDomain"/>.
/// </summary>
public sealed record LinkerdInstallSettings(
    [property: Description("Linkerd's cluster-wide default inbound policy (Helm proxy.defaultInboundPolicy: all-unauthenticated, all-authenticated, cluster-unauthenticated, cluster-authenticated, deny); unset: Helm values in the repo, else all-unauthenticated.")]
    string? DefaultInboundPolicy = null,
    [property: Description("Linkerd's identity trust domain (Helm identityTrustDomain), the suffix of mesh identities; unset: Helm values in the repo, else cluster.local.")]
    string? IdentityTrustDomain = null,
    [property: Description("Ports Linkerd treats as opaque by default (Helm proxy.opaquePorts), as a comma-separated list of ports and ranges; unset: Helm values in the repo, else the chart's list.")]
    string? OpaquePorts = null);

/// <summary>
/// The Consul Helm values that change what Consul rules conclude, stated in configuration. Null means "not stated":
/// Helm values in the repo, then the chart defaults, decide.
/// </summary>
public sealed record ConsulInstallSettings(
    [property: Description("Consul ACLs are on (Helm global.acls.manageSystemACLs), so intentions default to deny; unset: Helm values in the repo, else off.")]
    bool? AclsEnabled = null,
    [property: Description("Pods join the mesh without an annotation (Helm connectInject.default); unset: Helm values in the repo, else false.")]
    bool? ConnectInjectDefault = null,
    [property: Description("Transparent proxy is on by default (Helm connectInject.transparentProxy.defaultEnabled); unset: Helm values in the repo, else true.")]
    bool? TransparentProxyDefault = null);
