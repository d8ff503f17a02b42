using MeshLint.Core.Model;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class InjectorWebhookFailOpen : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1613",
        Name: "InjectorWebhookFailOpen",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "Istio injector webhook fails open",
        Description: "The sidecar injector is a mutating admission webhook served by istiod. With failurePolicy: Ignore, whenever istiod is unreachable (an upgrade, a crash loop, a network policy mistake) pods are created without a sidecar, silently, and stay outside the mesh until restarted: plaintext, no identity, no authorization.",
        Remediation: "Set failurePolicy: Fail on the Istio injection webhooks (the default of Istio's charts and of admissionregistration.k8s.io/v1).",
        DefaultSeverity: Severity.Warning,
        Inputs: ["MutatingWebhookConfiguration"],
        SecuritySeverity: 6.0,
        Tags: ["injection", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var configuration in context.Index.Objects.Where(o => o.Kind == "MutatingWebhookConfiguration"))
        {
            if (configuration.Root["webhooks"] is not SequenceNode webhooks)
            {
                continue;
            }

            foreach (var webhook in webhooks.Items.OfType<MappingNode>())
            {
                if (webhook["name"] is not ScalarNode name || !name.Value.EndsWith("istio.io", StringComparison.Ordinal))
                {
                    continue;
                }

                var policy = webhook["failurePolicy"] as ScalarNode;
                // admissionregistration.k8s.io/v1beta1 defaulted failurePolicy to Ignore; v1 defaults to Fail.
                var failsOpen = policy is null ? configuration.Header.Version == "v1beta1" : policy.Value == "Ignore";
                if (failsOpen)
                {
                    yield return RuleContext.Report(Rule, configuration, policy?.Span ?? name.Span,
                        $"Webhook {name.Value} of MutatingWebhookConfiguration {configuration.Name} has failurePolicy {policy?.Value ?? "Ignore (the v1beta1 default)"}, so pods are admitted without a sidecar when istiod is unreachable.");
                }
            }
        }
    }
}
