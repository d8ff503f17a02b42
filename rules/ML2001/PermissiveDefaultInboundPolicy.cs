using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class PermissiveDefaultInboundPolicy : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2001",
        Name: "PermissiveDefaultInboundPolicy",
        Mesh: Mesh.Linkerd,
        Category: Category.Security,
        Title: "Default inbound policy admits unauthenticated traffic",
        Description: "Linkerd's default inbound policy decides what happens to traffic on every port that no `Server` covers. `all-unauthenticated` (the chart default), `cluster-unauthenticated` and `audit` all accept plaintext connections from clients that present no mesh identity, so mTLS becomes optional and any pod (or, for `all-unauthenticated`, any address that can reach the pod) can call the workload. The value is read when the pod is created: from the pod template's `config.linkerd.io/default-inbound-policy`, else the namespace's, else the Helm value `proxy.defaultInboundPolicy`.",
        Remediation: "Use `all-authenticated` or `cluster-authenticated` (meshed clients only), or `deny` together with `Server` and `AuthorizationPolicy` resources for the ports that must stay open. Keep `audit` only while rolling out a policy, then switch to a denying value. Restart the pods: the default is fixed when the proxy starts.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "HelmValues", "HelmRelease"],
        SecuritySeverity: 6.5,
        Tags: ["authorization", "mtls"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var ns in index.OfType<Namespace>())
        {
            if (ns.Annotations.TryGet(LinkerdAnnotations.DefaultInboundPolicy, out var value) && LinkerdAnnotations.UnauthenticatedPolicyNames.Contains(value.Value))
            {
                yield return RuleContext.Report(Rule, ns, value.Span, $"Namespace {ns.Name} sets the default inbound policy {value.Value}: its meshed pods {Effect(value.Value)}.");
            }
        }

        foreach (var workload in index.OfType<Workload>())
        {
            if (workload.Template.Annotations.TryGet(LinkerdAnnotations.DefaultInboundPolicy, out var value) &&
                LinkerdAnnotations.UnauthenticatedPolicyNames.Contains(value.Value) &&
                LinkerdInjection.Resolve(workload, index).State != LinkerdMeshState.NotMeshed)
            {
                yield return RuleContext.Report(Rule, workload, value.Span, $"{workload.Kind} {workload.Name} sets the default inbound policy {value.Value}: its pods {Effect(value.Value)}.");
            }
        }

        var config = LinkerdConfig.Of(index);
        if (config.DefaultInboundPolicy is { Source: not null } setting && LinkerdAnnotations.UnauthenticatedPolicyNames.Contains(setting.Value))
        {
            yield return RuleContext.Report(Rule, setting.Source, setting.Span,
                $"The Linkerd control plane is installed with proxy.defaultInboundPolicy {setting.Value}: every meshed pod without its own policy annotation and every port no Server covers {Effect(setting.Value)}.");
        }
    }

    private static string Effect(string policy) => policy switch
    {
        "all-unauthenticated" => "accept plaintext connections from any client on any network",
        "cluster-unauthenticated" => "accept plaintext connections from any client in the cluster networks",
        _ => "accept every connection and only log those a denying policy would refuse (audit)",
    };
}
