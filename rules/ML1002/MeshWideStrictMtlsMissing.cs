using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class MeshWideStrictMtlsMissing : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1002",
        Name: "MeshWideStrictMtlsMissing",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "No mesh-wide STRICT PeerAuthentication",
        Description: "Without a selector-less PeerAuthentication in the root namespace, every sidecar runs in Istio's default PERMISSIVE mode and accepts plaintext from anything that can reach it; namespace policies only protect the namespaces someone remembered. Reported when the files declare the mesh (the root Namespace or a mesh config) and the root namespace has no such policy, or one that sets no mode.",
        Remediation: "Add a PeerAuthentication without a selector in the root namespace (istio-system unless the mesh config sets rootNamespace) with mtls.mode STRICT, after migrating plaintext clients; keep reviewed exceptions at workload or port level.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "PeerAuthentication", "ConfigMap", "IstioOperator"],
        SecuritySeverity: 6.5,
        Tags: ["mtls", "security"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var root = context.Settings.IstioRootNamespace;
        var rootNamespace = index.Namespace(root);
        if (rootNamespace is null && !index.MeshConfig.IsDeclared)
        {
            yield break;
        }

        var policy = IstioMtls.SelectorlessIn(root, index).FirstOrDefault();
        if (policy is null)
        {
            var message = $"Root namespace {root} has no selector-less PeerAuthentication, so the mesh-wide mTLS mode is Istio's default PERMISSIVE and plaintext is accepted everywhere.";
            if (rootNamespace is not null)
            {
                yield return RuleContext.Report(Rule, rootNamespace, rootNamespace.NameSpan, message);
            }
            else if (index.MeshConfig.RootNamespace is { } declared)
            {
                yield return RuleContext.Report(Rule, declared.Source.Object, declared.Span, message);
            }
            else
            {
                var source = index.MeshConfig.Sources[0].Object;
                yield return RuleContext.Report(Rule, source, source.NameSpan, message);
            }

            yield break;
        }

        if (policy.MtlsMode is null || !IstioMtls.IsSet(policy.MtlsMode.Value.Value))
        {
            var at = policy.MtlsMode?.Span ?? policy.MtlsSpan ?? policy.SpecSpan;
            yield return RuleContext.Report(Rule, policy, at,
                $"Mesh-wide PeerAuthentication {root}/{policy.Name} sets no mode, so the mesh-wide mTLS mode stays Istio's default PERMISSIVE.");
        }
    }
}
