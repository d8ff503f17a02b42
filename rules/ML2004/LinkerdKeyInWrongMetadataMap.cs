using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class LinkerdKeyInWrongMetadataMap : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2004",
        Name: "LinkerdKeyInWrongMetadataMap",
        Mesh: Mesh.Linkerd,
        Category: Category.Configuration,
        Title: "Linkerd key set as a label instead of an annotation (or the reverse)",
        Description: "The proxy injector and the control plane read `linkerd.io/inject` and every `config.linkerd.io/*` / `config.alpha.linkerd.io/*` key from annotations only; the same key under `metadata.labels` does nothing, so the workload is not meshed or keeps the default proxy configuration. The multicluster service mirror selects exported Services by the label `mirror.linkerd.io/exported`; as an annotation it exports nothing. `linkerd check --proxy` reports both mistakes on a running cluster (\"data plane pod labels are configured correctly\", \"data plane service annotations are configured correctly\").",
        Remediation: "Move the key to the other map: `linkerd.io/inject` and `config.linkerd.io/*` under `metadata.annotations` (on the pod template or the namespace), `mirror.linkerd.io/exported` under the Service's `metadata.labels`.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "HTTPRoute", "GRPCRoute", "EgressNetwork"],
        Tags: ["annotations"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var map in LinkerdMetadata.Maps(context.Index))
        {
            foreach (var (key, _) in map.Labels.Entries)
            {
                if (LinkerdAnnotations.IsAnnotationOnly(key.Value))
                {
                    yield return RuleContext.Report(Rule, map.Owner, key.Span, $"{key.Value} is set as a label on {map.Describe}; Linkerd reads it only from annotations, so it has no effect.");
                }
            }

            if (map.Place == MetadataPlace.Service && map.Annotations.KeyOf(LinkerdAnnotations.MirrorExported) is { } exported)
            {
                yield return RuleContext.Report(Rule, map.Owner, exported.Span, $"{LinkerdAnnotations.MirrorExported} is set as an annotation on {map.Describe}; the multicluster service mirror selects exported Services by label, so the Service is not exported.");
            }
        }
    }
}
