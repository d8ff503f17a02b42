using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class ProxyDebuggingEnabled : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2009",
        Name: "ProxyDebuggingEnabled",
        Mesh: Mesh.Linkerd,
        Category: Category.Security,
        Title: "Proxy debugging exposes traffic",
        Description: "`config.linkerd.io/enable-debug-sidecar: \"true\"` adds the `linkerd-debug` container, which runs tcpdump and tshark with network capabilities next to the application, so anyone with exec access can capture decrypted traffic. `config.linkerd.io/proxy-log-http-headers: insecure` makes the proxy log HTTP headers, including `Authorization` headers and cookies, into the pod logs. Both are debugging aids that should not stay in committed manifests.",
        Remediation: "Remove the annotations (or set `enable-debug-sidecar: \"false\"` and `proxy-log-http-headers: \"off\"`) once debugging is over.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        SecuritySeverity: 4.0,
        Tags: ["observability"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var map in LinkerdMetadata.Maps(context.Index))
        {
            if (map.Place is not (MetadataPlace.Namespace or MetadataPlace.PodTemplate))
            {
                continue;
            }

            if (map.Annotations.TryGet(LinkerdAnnotations.EnableDebugSidecar, out var debug) && debug.Value is "true" or "1" or "t" or "T" or "TRUE" or "True")
            {
                yield return RuleContext.Report(Rule, map.Owner, debug.Span, $"config.linkerd.io/enable-debug-sidecar on {map.Describe} adds the linkerd-debug container, which can capture the pod's traffic.");
            }

            if (map.Annotations.TryGet(LinkerdAnnotations.LogHttpHeaders, out var headers) && headers.Value == "insecure")
            {
                yield return RuleContext.Report(Rule, map.Owner, headers.Span, $"config.linkerd.io/proxy-log-http-headers: insecure on {map.Describe} makes the proxy log HTTP headers, including credentials and cookies.");
            }
        }
    }
}
