using MeshLint.Core.Model;
using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class DeprecatedLinkerdApi : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2025",
        Name: "DeprecatedLinkerdApi",
        Mesh: Mesh.Linkerd,
        Category: Category.Configuration,
        Title: "Deprecated or legacy Linkerd API",
        Description: "Some Linkerd API versions are deprecated and will stop being served: Server v1alpha1 and v1beta1, ServerAuthorization v1alpha1, the policy.linkerd.io HTTPRoute versions before v1beta3 (Linkerd now recommends the gateway.networking.k8s.io HTTPRoute), ServiceProfile linkerd.io/v1alpha1 and ExternalWorkload v1alpha1. SMI `TrafficSplit` needs the separate linkerd-smi extension, which is no longer maintained; HTTPRoute backends replace it.",
        Remediation: "Move to the current version named in the message (Server v1beta3, gateway.networking.k8s.io/v1 HTTPRoute, ServiceProfile v1alpha2, ExternalWorkload v1beta1), and replace TrafficSplit with weighted HTTPRoute backendRefs.",
        DefaultSeverity: Severity.Note,
        Inputs: ["Server", "ServerAuthorization", "HTTPRoute", "ServiceProfile", "ExternalWorkload", "TrafficSplit"],
        Tags: ["deprecation"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var obj in context.Index.Objects)
        {
            var replacement = (obj.Header.Group, obj.Kind, obj.Header.Version) switch
            {
                ("policy.linkerd.io", "Server", "v1alpha1" or "v1beta1") => "is deprecated; use policy.linkerd.io/v1beta3",
                ("policy.linkerd.io", "ServerAuthorization", "v1alpha1") => "is deprecated; use policy.linkerd.io/v1beta1, or better an AuthorizationPolicy",
                ("policy.linkerd.io", "HTTPRoute", "v1alpha1" or "v1beta1" or "v1beta2") => "is an old version of Linkerd's HTTPRoute; use gateway.networking.k8s.io/v1 HTTPRoute (or policy.linkerd.io/v1beta3)",
                ("linkerd.io", "ServiceProfile", "v1alpha1") => "is an old version; use linkerd.io/v1alpha2",
                ("workload.linkerd.io", "ExternalWorkload", "v1alpha1") => "is an old version; use workload.linkerd.io/v1beta1 (meshTLS instead of meshTls)",
                ("split.smi-spec.io", "TrafficSplit", _) => "needs the unmaintained linkerd-smi extension; use HTTPRoute backendRefs with weights instead of this TrafficSplit",
                _ => null,
            };
            if (replacement is not null)
            {
                yield return RuleContext.Report(Rule, obj, obj.Header.ApiVersion.Span, $"{obj.Header.ApiVersion.Value} {obj.Kind} {replacement}.");
            }
        }
    }
}
