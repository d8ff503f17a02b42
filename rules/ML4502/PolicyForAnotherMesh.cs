using MeshLint.Core.Model;
using MeshLint.Core.Model.Consul;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using IstioModel = MeshLint.Core.Model.Istio;

namespace MeshLint.Rules;

public sealed class PolicyForAnotherMesh : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4502",
        Name: "PolicyForAnotherMesh",
        Mesh: Mesh.Kubernetes,
        Category: Category.Security,
        Title: "Policy written for a mesh that does not serve its namespace",
        Description: "Security policies are enforced only by their own mesh's proxies. An Istio AuthorizationPolicy or PeerAuthentication in a namespace meshed by Linkerd, or a Linkerd Server or AuthorizationPolicy in a namespace meshed by Istio, is accepted by the API server and then enforced by nobody: the restriction it describes does not exist. The same holds for a Consul ServiceIntentions whose destination's pods (the workloads its Kubernetes Service selects, all in view) are meshed by Linkerd or Istio and not by Consul.",
        Remediation: "Rewrite the policy with the kinds of the mesh that serves the namespace (Linkerd Server + AuthorizationPolicy, or Istio AuthorizationPolicy + PeerAuthentication), or move the workloads to that mesh; for Consul intentions, inject the destination's pods with Consul or express the intention in the mesh that serves them.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Server", "AuthorizationPolicy", "ServerAuthorization", "HTTPLocalRateLimitPolicy", "PeerAuthentication", "RequestAuthentication", "ServiceIntentions", "Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "HelmValues", "HelmRelease"],
        SecuritySeverity: 5.0,
        Tags: ["cross-mesh", "authorization"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var ns in index.OfType<Namespace>())
        {
            var families = MeshEnablement.OfNamespace(ns).GroupBy(s => WorkloadInTwoMeshes.Family(s.Mesh)).Select(g => g.First()).ToList();
            if (families.Count != 1)
            {
                continue;
            }

            var mesh = families[0];
            var workloadMeshes = index.WorkloadsIn(ns.Name).SelectMany(w => MeshEnablement.OfWorkload(w, index)).Select(s => WorkloadInTwoMeshes.Family(s.Mesh)).ToHashSet(StringComparer.Ordinal);
            IEnumerable<(MeshObject Policy, string Mesh)> foreign = mesh.Mesh switch
            {
                MeshEnablement.Linkerd => IstioPolicies(index, ns.Name).Select(p => (p, MeshEnablement.Istio)),
                MeshEnablement.Istio or MeshEnablement.IstioAmbient => LinkerdPolicies(index, ns.Name).Select(p => (p, MeshEnablement.Linkerd)),
                _ => [],
            };
            foreach (var (policy, policyMesh) in foreign)
            {
                if (workloadMeshes.Contains(policyMesh))
                {
                    continue; // some workload there opts into the policy's mesh
                }

                yield return RuleContext.Report(Rule, policy, policy.Header.Kind.Span,
                    $"{policyMesh} {policy.Kind} {policy.Name} is in namespace {ns.Name}, which is meshed by {mesh.Mesh} ({mesh.Key.Value}): no {policyMesh} proxy there enforces it.",
                    new Core.Rules.RelatedLocation(mesh.Key.Span, $"namespace {ns.Name} enables {mesh.Mesh}", ns.Ref));
            }
        }

        foreach (var finding in ConsulIntentionsOnOtherMeshes(index))
        {
            yield return finding;
        }
    }

    /// <summary>Consul intentions are enforced by the destination's Consul sidecars, which pods meshed by another mesh do not have.</summary>
    private static IEnumerable<Finding> ConsulIntentionsOnOtherMeshes(Core.Index.MeshIndex index)
    {
        foreach (var intentions in index.OfType<ServiceIntentions>())
        {
            if (intentions.Destination?.Name is not { Value: not "*" } destination)
            {
                continue;
            }

            // Consul names a service after its Kubernetes Service, in any namespace: its pods are what those Services select.
            var pods = index.ServicesNamed(destination.Value)
                .Where(s => s.Selector is { IsEmpty: false })
                .SelectMany(s => index.WorkloadsSelectedBy(s.Namespace ?? "default", s.Selector))
                .Distinct(ReferenceEqualityComparer.Instance).Cast<Workload>()
                .OrderBy(index.LoadPosition).ToList();
            if (pods.Count == 0 || pods.Any(w => ConsulInjection.IsMeshed(w, index)))
            {
                continue;
            }

            var other = pods.SelectMany(w => MeshEnablement.OfWorkload(w, index).Select(m => (Workload: w, Switch: m)))
                .FirstOrDefault(m => WorkloadInTwoMeshes.Family(m.Switch.Mesh) != MeshEnablement.Consul);
            if (other.Workload is null)
            {
                continue;
            }

            yield return RuleContext.Report(Rule, intentions, destination.Span,
                $"Consul ServiceIntentions {intentions.Name} is for service {destination.Value}, whose pods ({other.Workload.Kind} {other.Workload.Name}) are meshed by {other.Switch.Mesh} ({other.Switch.Key.Value}) and not by Consul: no Consul proxy enforces it.",
                new Core.Rules.RelatedLocation(other.Switch.Key.Span, $"{other.Workload.Kind} {other.Workload.Name} is meshed by {other.Switch.Mesh}", other.Workload.Ref));
        }
    }

    private static IEnumerable<MeshObject> IstioPolicies(Core.Index.MeshIndex index, string ns) =>
        index.InNamespace<IstioModel.AuthorizationPolicy>(ns).Cast<MeshObject>()
            .Concat(index.InNamespace<IstioModel.PeerAuthentication>(ns))
            .Concat(index.InNamespace<IstioModel.RequestAuthentication>(ns));

    private static IEnumerable<MeshObject> LinkerdPolicies(Core.Index.MeshIndex index, string ns) =>
        index.InNamespace<Server>(ns).Cast<MeshObject>()
            .Concat(index.InNamespace<LinkerdAuthorizationPolicy>(ns))
            .Concat(index.InNamespace<ServerAuthorization>(ns))
            .Concat(index.InNamespace<HttpLocalRateLimitPolicy>(ns));
}
