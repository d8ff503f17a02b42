using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class NamespaceMultipleInjectionLabels : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1601",
        Name: "NamespaceMultipleInjectionLabels",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "Namespace has conflicting injection labels",
        Description: "istio-injection=enabled, istio.io/rev and istio.io/dataplane-mode=ambient each choose a data plane for the namespace. With more than one, which control plane injects (or whether pods get a sidecar and ztunnel capture at once) depends on webhook details: a revision upgrade moves nothing, or pods are captured twice.",
        Remediation: "Keep one label: istio.io/rev for revisioned installs, istio-injection: enabled for the default revision, or istio.io/dataplane-mode: ambient for ambient mode.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace"],
        Equivalents: ["IST0123"],
        Tags: ["injection"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var ns in context.Index.OfType<Namespace>())
        {
            // Istio's order: the legacy label, then the revision and dataplane-mode labels unless the legacy label
            // disables injection (then the namespace is deliberately out and the others do not count).
            var labels = new List<KeyValuePair<string, Located<string>>>();
            var legacy = ns.Labels[IstioInjection.NamespaceLabel];
            if (ns.Labels.TryGet(IstioInjection.NamespaceLabel, out var legacyValue))
            {
                labels.Add(new(IstioInjection.NamespaceLabel, legacyValue));
            }

            if (legacy is null or "enabled")
            {
                if (ns.Labels.TryGet(IstioInjection.RevisionLabel, out var revision))
                {
                    labels.Add(new(IstioInjection.RevisionLabel, revision));
                }

                // Only ambient enrols the namespace; istio.io/dataplane-mode: none is an explicit opt-out of ambient.
                if (ns.Labels.TryGet(IstioInjection.DataplaneModeLabel, out var mode) && mode.Value == "ambient")
                {
                    labels.Add(new(IstioInjection.DataplaneModeLabel, mode));
                }
            }

            if (labels.Count > 1)
            {
                var named = string.Join(" and ", labels.Select(l => $"{l.Key}={l.Value.Value}"));
                yield return RuleContext.Report(Rule, ns, labels[1].Value.Span,
                    $"Namespace {ns.Name} has {named}, which ask for different data planes.");
            }
        }
    }
}
