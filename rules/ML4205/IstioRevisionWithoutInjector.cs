using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class IstioRevisionWithoutInjector : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4205",
        Name: "IstioRevisionWithoutInjector",
        Mesh: Mesh.Kubernetes,
        Category: Category.Security,
        Title: "Namespace is labelled for an Istio revision no injector serves",
        Description: "The namespace's istio.io/rev label names a revision (or revision tag) that none of the cluster's sidecar-injector webhooks selects, typically one removed by an upgrade. New pods there start without a proxy: they lose mTLS and every policy, silently, at the next restart or scale-up.",
        Remediation: "Relabel the namespace with a revision or tag that an injector serves (kubectl label namespace NS istio.io/rev=REVISION --overwrite), or create the revision tag (istioctl tag set), then restart its workloads.",
        DefaultSeverity: Severity.Error,
        Inputs: ["Namespace", "MutatingWebhookConfiguration"],
        SecuritySeverity: 7.0,
        Tags: ["live", "injection", "upgrade"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        // Istio names its injectors istio-sidecar-injector[-REV] and istio-revision-tag-TAG, labelled with what they serve.
        var injectors = context.Index.Objects
            .Where(o => o.Kind == "MutatingWebhookConfiguration" && (o.Name.StartsWith("istio-sidecar-injector", StringComparison.Ordinal) || o.Name.StartsWith("istio-revision-tag-", StringComparison.Ordinal)))
            .ToList();
        if (injectors.Count == 0)
        {
            // No injector in view (files without the webhooks, or a cluster without Istio): nothing to compare with.
            yield break;
        }

        var served = injectors
            .SelectMany(o => new[] { o.Labels[IstioInjection.RevisionLabel] ?? "default", o.Labels["istio.io/tag"] })
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        foreach (var ns in context.Index.OfType<Namespace>())
        {
            if (ns.Labels.ContainsKey(IstioInjection.NamespaceLabel) || !ns.Labels.TryGet(IstioInjection.RevisionLabel, out var revision) || served.Contains(revision.Value))
            {
                continue;
            }

            yield return RuleContext.Report(Rule, ns, revision.Span,
                $"Namespace {ns.Name} asks for Istio revision {revision.Value}, but the sidecar injectors serve only {string.Join(", ", served.Order(StringComparer.Ordinal))}.");
        }
    }
}
