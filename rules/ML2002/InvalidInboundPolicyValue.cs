using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class InvalidInboundPolicyValue : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2002",
        Name: "InvalidInboundPolicyValue",
        Mesh: Mesh.Linkerd,
        Category: Category.Configuration,
        Title: "Inbound policy value is not a Linkerd policy name",
        Description: "Linkerd accepts exactly six policy names: `all-unauthenticated`, `all-authenticated`, `cluster-unauthenticated`, `cluster-authenticated`, `deny` and `audit`. An unknown value in the `config.linkerd.io/default-inbound-policy` annotation is only logged by the proxy injector and the cluster default (usually `all-unauthenticated`) applies instead, silently. An unknown `Server.spec.accessPolicy` is rejected by the policy admission webhook, and an unknown Helm `proxy.defaultInboundPolicy` is passed to the policy controller, which refuses to start.",
        Remediation: "Use one of the six names exactly as written (lower case, hyphens). A common typo is `all_authenticated` with an underscore.",
        DefaultSeverity: Severity.Error,
        Inputs: ["Namespace", "Server", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "HelmValues", "HelmRelease"],
        Tags: ["authorization"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var ns in index.OfType<Namespace>())
        {
            if (ns.Annotations.TryGet(LinkerdAnnotations.DefaultInboundPolicy, out var value) && !LinkerdAnnotations.PolicyNames.Contains(value.Value))
            {
                yield return RuleContext.Report(Rule, ns, value.Span, $"config.linkerd.io/default-inbound-policy value '{value.Value}' on Namespace {ns.Name} is not a Linkerd policy name{Hint(value.Value)}; the injector ignores it and the cluster default applies.");
            }
        }

        foreach (var workload in index.OfType<Workload>())
        {
            if (workload.Template.Annotations.TryGet(LinkerdAnnotations.DefaultInboundPolicy, out var value) && !LinkerdAnnotations.PolicyNames.Contains(value.Value))
            {
                yield return RuleContext.Report(Rule, workload, value.Span, $"config.linkerd.io/default-inbound-policy value '{value.Value}' on {workload.Kind} {workload.Name} is not a Linkerd policy name{Hint(value.Value)}; the injector ignores it and the namespace or cluster default applies.");
            }
        }

        foreach (var server in index.OfType<Server>())
        {
            if (LinkerdAdmission.AccessPolicyInvalid(server) && server.AccessPolicy is { } access)
            {
                yield return RuleContext.Report(Rule, server, access.Span, $"Server {server.Name} has accessPolicy '{access.Value}', which is not a Linkerd policy name{Hint(access.Value)}; the policy webhook rejects the Server.");
            }
        }

        var config = LinkerdConfig.Of(index);
        if (config.DefaultInboundPolicy is { Source: not null } setting && !LinkerdAnnotations.PolicyNames.Contains(setting.Value))
        {
            yield return RuleContext.Report(Rule, setting.Source, setting.Span, $"proxy.defaultInboundPolicy '{setting.Value}' is not a Linkerd policy name{Hint(setting.Value)}; the policy controller refuses to start with it.");
        }
    }

    private static string Hint(string value)
    {
        var normalised = value.Trim().ToLowerInvariant().Replace('_', '-');
        if (LinkerdAnnotations.PolicyNames.Contains(normalised))
        {
            return $" (did you mean {normalised}?)";
        }

        return " (all-unauthenticated, all-authenticated, cluster-unauthenticated, cluster-authenticated, deny or audit)";
    }
}
