using MeshLint.Core.Index;
using MeshLint.Core.Model;

namespace MeshLint.Core.Semantics.Linkerd;

/// <summary>
/// A value read from the Linkerd control plane's Helm values, with the object and field it came from; or stated in
/// MeshLint's configuration (<see cref="Source"/> null: there is no manifest line to report on).
/// </summary>
public sealed record LinkerdSetting(string Value, SourceSpan Span, MeshObject? Source, string Path);

/// <summary>
/// What the Linkerd control plane was installed with, when the repo holds its Helm values (a values file of the
/// linkerd-control-plane chart, or a Flux HelmRelease of it). Unknown settings are null: rules then either assume
/// the chart default (said in their message) or stay silent.
/// </summary>
public sealed record LinkerdConfig(
    MeshObject? Source,
    MappingNode? Values,
    LinkerdSetting? DefaultInboundPolicy,
    LinkerdSetting? IdentityTrustDomain,
    LinkerdSetting? ClusterDomain,
    LinkerdSetting? OpaquePorts,
    LinkerdSetting? IgnoreInboundPorts,
    LinkerdSetting? ClusterNetworks)
{
    public const string ChartDefaultOpaquePorts = "25,587,3306,4444,5432,6379,9300,11211";
    public const string ChartDefaultInboundPolicy = "all-unauthenticated";

    /// <summary>The trust domain identities end with, when the values say (identityTrustDomain, else clusterDomain).</summary>
    public string? TrustDomain => IdentityTrustDomain?.Value is { Length: > 0 } td ? td : ClusterDomain?.Value;

    /// <summary>The default opaque-ports list injected into pods and Services that do not set their own.</summary>
    public string EffectiveOpaquePorts => OpaquePorts?.Value ?? ChartDefaultOpaquePorts;

    public static LinkerdConfig Of(MeshIndex index) => index.Facts(Build);

    private static LinkerdConfig Build(MeshIndex index)
    {
        MeshObject? source = null;
        MappingNode? values = null;
        foreach (var v in index.OfType<HelmValues>())
        {
            if (v.Chart == "linkerd-control-plane")
            {
                (source, values) = (v, v.Values);
                break;
            }
        }

        if (source is null)
        {
            foreach (var release in index.OfType<HelmRelease>())
            {
                if (release.Chart?.Value is "linkerd-control-plane" or "linkerd2" && release.Values is { } inline)
                {
                    (source, values) = (release, inline);
                    break;
                }
            }
        }

        if (source is null || values is null)
        {
            var stated = index.Settings.Linkerd;
            LinkerdSetting? State(string? value, string path) => value is null ? null : new LinkerdSetting(value, SourceSpan.None, null, path);
            return new LinkerdConfig(
                null,
                null,
                State(stated.DefaultInboundPolicy, "proxy.defaultInboundPolicy"),
                State(stated.IdentityTrustDomain, "identityTrustDomain"),
                null,
                State(stated.OpaquePorts, "proxy.opaquePorts"),
                null,
                null);
        }

        LinkerdSetting? Read(params string[] path)
        {
            Node? node = values;
            foreach (var key in path)
            {
                node = (node as MappingNode)?[key];
            }

            return node is ScalarNode { IsNull: false } scalar ? new LinkerdSetting(scalar.Value, scalar.Span, source!, string.Join('.', path)) : null;
        }

        return new LinkerdConfig(
            source,
            values,
            Read("proxy", "defaultInboundPolicy"),
            Read("identityTrustDomain"),
            Read("clusterDomain"),
            Read("proxy", "opaquePorts"),
            Read("proxyInit", "ignoreInboundPorts"),
            Read("clusterNetworks"));
    }
}
