using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class ServerSelectsNoWorkload : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2035",
        Name: "ServerSelectsNoWorkload",
        Mesh: Mesh.Linkerd,
        Category: Category.Security,
        Title: "Server selects no workload",
        Description: "A `Server` whose `podSelector` (or `externalWorkloadSelector`) matches nothing protects nothing: the pods the author had in mind keep the default inbound policy, and the authorizations written for the Server are inert. A selector typo is the usual cause. The rule only reports namespaces whose workloads are in the scanned files.",
        Remediation: "Make the selector match the pod template labels of the intended workloads.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Server", "ExternalWorkload", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
        SecuritySeverity: 3.0,
        ClosedWorld: true,
        IncompleteSeverity: Severity.Note,
        Tags: ["authorization"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var policy = LinkerdPolicy.Of(index);
        foreach (var server in policy.Servers)
        {
            var ns = server.Namespace ?? "default";
            if (ClosedWorld.IsExternalNamespace(context.Settings, ns))
            {
                continue;
            }

            if (server.PodSelector is { } pods)
            {
                var inView = index.WorkloadsIn(ns).Length;
                if (policy.Selections(server).IsEmpty && (inView > 0 || context.Settings.Complete))
                {
                    yield return context.ReportMissing(Rule, server, At(pods),
                        $"Server {server.Name}'s podSelector ({Describe(pods)}) matches none of the {inView} workload(s) found in namespace {ns} in the scanned files, so it protects nothing.");
                }
            }
            else if (server.ExternalWorkloadSelector is { } external)
            {
                var inView = index.InNamespace<ExternalWorkload>(ns).Length;
                if (!policy.ExternalWorkloads(server).Any() && (inView > 0 || context.Settings.Complete))
                {
                    yield return context.ReportMissing(Rule, server, At(external),
                        $"Server {server.Name}'s externalWorkloadSelector ({Describe(external)}) matches none of the {inView} ExternalWorkload(s) found in namespace {ns} in the scanned files, so it protects nothing.");
                }
            }
        }
    }

    private static SourceSpan At(LabelSelector selector) =>
        selector.MatchLabels.Entries.Length > 0 ? selector.MatchLabels.Entries[0].Value.Span : selector.Span;

    private static string Describe(LabelSelector selector) =>
        selector.IsEmpty ? "empty" : string.Join(", ", selector.MatchLabels.Entries.Select(e => $"{e.Key.Value}={e.Value.Value}").Concat(selector.MatchExpressions.Select(e => $"{e.Key.Value} {e.Operator.Value}")));
}
