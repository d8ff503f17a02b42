using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class PortLevelMtlsWithoutSelector : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1012",
        Name: "PortLevelMtlsWithoutSelector",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "PeerAuthentication portLevelMtls without a selector",
        Description: "Port-level mTLS settings are only allowed on workload-level PeerAuthentications. Istio's schema rejects a mesh-wide or namespace-wide policy with portLevelMtls (\"portLevelMtls requires selector\"), so the apply fails and the namespace keeps whatever mode it had, which can be plaintext.",
        Remediation: "Keep the namespace policy without portLevelMtls and put the port exception in a separate PeerAuthentication whose selector names the workloads that serve that port.",
        DefaultSeverity: Severity.Error,
        Inputs: ["PeerAuthentication"],
        SecuritySeverity: 4.0,
        Tags: ["mtls", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var policy in context.Index.OfType<PeerAuthentication>())
        {
            if (policy.PortLevelMtls.IsEmpty || policy.Selector is { Labels.IsEmpty: false })
            {
                continue;
            }

            var at = policy.Spec?.KeySpanOr("portLevelMtls") ?? policy.SpecSpan;
            yield return RuleContext.Report(Rule, policy, at,
                $"PeerAuthentication {policy.Namespace}/{policy.Name} sets portLevelMtls without a selector, which Istio rejects (portLevelMtls requires selector).");
        }
    }
}
