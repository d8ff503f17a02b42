using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class MtlsExceptionWeakensStrictPolicy : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1003",
        Name: "MtlsExceptionWeakensStrictPolicy",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "mTLS exception weakens a STRICT policy",
        Description: "A workload-level PeerAuthentication (or a portLevelMtls entry, or a namespace policy under a mesh-wide one) set to PERMISSIVE or DISABLE overrides a STRICT policy above it. Reviewers reading the namespace or mesh policy believe mTLS is enforced, while the exception reopens plaintext for those workloads or ports, where callers have no identity and principal-based authorization can be bypassed.",
        Remediation: "Remove the exception, or narrow it to the single port that must accept plaintext (a probe or metrics port scraped from outside the mesh) and document why; prefer moving the plaintext client into the mesh.",
        DefaultSeverity: Severity.Error,
        Inputs: ["PeerAuthentication", "ConfigMap", "IstioOperator"],
        SecuritySeverity: 7.0,
        Tags: ["mtls", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var policy in index.OfType<PeerAuthentication>())
        {
            var scope = IstioPolicies.ScopeOf(policy.Selector, policy.Namespace, context.Settings);
            if (scope == PolicyScope.Mesh)
            {
                continue;
            }

            var ns = policy.Namespace ?? "default";
            var above = scope == PolicyScope.Workload ? IstioMtls.ForNamespace(ns, index) : IstioMtls.ForMesh(index);
            var who = scope == PolicyScope.Workload ? "the workloads it selects" : $"namespace {ns}";
            if (policy.MtlsMode is { } mode && IsWeak(mode.Value) && above.IsStrict)
            {
                yield return Weakens(policy, mode.Span, $"mtls.mode {mode.Value} for {who}", above);
            }

            if (scope != PolicyScope.Workload)
            {
                // A selector-less policy cannot have port settings (ML1012); Istio rejects it.
                continue;
            }

            // A port exception inside a STRICT workload policy is the documented way to exempt one port; it is only
            // reported when it also undercuts a STRICT namespace or mesh policy, and not again when the policy's own
            // mode already reopened plaintext.
            var ownMode = policy.MtlsMode is { } m && IstioMtls.IsSet(m.Value) ? m.Value : null;
            if (!above.IsStrict || (ownMode is not null && IsWeak(ownMode)))
            {
                continue;
            }

            foreach (var port in policy.PortLevelMtls)
            {
                if (port.Mode is { } portMode && IsWeak(portMode.Value))
                {
                    yield return Weakens(policy, portMode.Span, $"portLevelMtls port {port.Port.Value} is {portMode.Value}, which", above);
                }
            }
        }
    }

    private static bool IsWeak(string mode) => mode is "PERMISSIVE" or "DISABLE";

    private static Finding Weakens(PeerAuthentication policy, SourceSpan at, string what, MtlsDecision above)
    {
        var strict = above.DecidedBy!;
        var level = above.Scope == PolicyScope.Mesh ? "mesh-wide " : "namespace ";
        return RuleContext.Report(Rule, policy, at,
            $"In PeerAuthentication {policy.Namespace}/{policy.Name}, {what} overrides the STRICT mode of the {level}PeerAuthentication {strict.Namespace}/{strict.Name}, reopening plaintext.",
            new RelatedLocation(above.Field?.Span ?? strict.NameSpan, "the STRICT policy that is weakened", strict.Ref));
    }
}
