using MeshLint.Core.Model;
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
        Description: "Security policies are enforced only by their own mesh's proxies. An Istio AuthorizationPolicy or PeerAuthentication in a namespace meshed by Linkerd, or a Linkerd Server or AuthorizationPolicy in a namespace meshed by Istio, is accepted by the API server and then enforced by nobody: the restriction it describes does not exist.",
        Remediation: "Rewrite the policy with the kinds of the mesh that serves the namespace (Linkerd Server + AuthorizationPolicy, or Istio AuthorizationPolicy + PeerAuthentication), or move the workloads to that mesh.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Server", "AuthorizationPolicy", "ServerAuthorization", "HTTPLocalRateLimitPolicy", "PeerAuthentication", "RequestAuthentication", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"],
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
    }

    private static IEnumerable<MeshObject> IstioPolicies(Core.Index.MeshIndex index, string ns) =>
        index.OfType<IstioModel.AuthorizationPolicy>().Cast<MeshObject>()
            .Concat(index.OfType<IstioModel.PeerAuthentication>())
            .Concat(index.OfType<IstioModel.RequestAuthentication>())
            .Where(p => p.Namespace == ns);

    private static IEnumerable<MeshObject> LinkerdPolicies(Core.Index.MeshIndex index, string ns) =>
        index.OfType<Server>().Cast<MeshObject>()
            .Concat(index.OfType<LinkerdAuthorizationPolicy>())
            .Concat(index.OfType<ServerAuthorization>())
            .Concat(index.OfType<HttpLocalRateLimitPolicy>())
            .Where(p => p.Namespace == ns);
}
