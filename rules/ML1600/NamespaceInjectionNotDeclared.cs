using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class NamespaceInjectionNotDeclared : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1600",
        Name: "NamespaceInjectionNotDeclared",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "Namespace does not declare sidecar injection",
        Description: "Istio injects sidecars by namespace label (istio-injection, istio.io/rev) or enrols the namespace in ambient mode (istio.io/dataplane-mode). A namespace with none of them stays out of the mesh silently: its pods run without mTLS and the PeerAuthentications and AuthorizationPolicies written for them have no effect.",
        Remediation: "Label the namespace istio-injection: enabled (or istio.io/rev: <revision>, or istio.io/dataplane-mode: ambient); label it istio-injection: disabled when it must stay out of the mesh.",
        DefaultSeverity: Severity.Note,
        Inputs: ["Namespace", "ConfigMap", "IstioOperator", "PeerAuthentication", "AuthorizationPolicy", "RequestAuthentication", "VirtualService", "DestinationRule", "Gateway", "ServiceEntry", "Sidecar", "WorkloadEntry", "WorkloadGroup", "EnvoyFilter", "Telemetry", "WasmPlugin", "ProxyConfig"],
        Equivalents: ["IST0102"],
        Tags: ["injection"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        if (!IstioInjection.InputUsesIstio(index))
        {
            yield break;
        }

        foreach (var ns in index.OfType<Namespace>())
        {
            if (ns.Name == index.Settings.IstioRootNamespace || ns.Name == IstioMeshConfig.DefaultRootNamespace || ns.Name.StartsWith("kube-", StringComparison.Ordinal)
                || ns.Labels.ContainsKey(IstioInjection.NamespaceLabel) || ns.Labels.ContainsKey(IstioInjection.RevisionLabel)
                || ns.Labels.ContainsKey(IstioInjection.DataplaneModeLabel) || !MeshEnablement.OfNamespace(ns).IsEmpty)
            {
                continue;
            }

            var at = ns.Labels.IsEmpty ? ns.Header.MetadataSpan : ns.Labels.Span;
            yield return RuleContext.Report(Rule, ns, at,
                $"Namespace {ns.Name} has no istio-injection, istio.io/rev or istio.io/dataplane-mode label, so its pods are not added to the mesh the repo configures.");
        }
    }
}
