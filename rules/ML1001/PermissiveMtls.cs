using MeshLint.Core.Model;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class PermissiveMtls : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1001",
        Name: "PermissiveMtls",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "PeerAuthentication accepts plaintext",
        Description: "A PeerAuthentication with mTLS mode PERMISSIVE or DISABLE lets workloads accept plaintext connections, at the level it is declared: the whole mesh (root namespace, no selector), a namespace, a workload (selector) or a single port (portLevelMtls). Plaintext traffic has no peer identity, so authorization by principal or namespace cannot hold, and anyone on the network path can read or alter it.",
        Remediation: "Set the mode to STRICT once every client of the workloads has a sidecar. Keep PERMISSIVE only for a migration, scoped to the workloads or ports that still receive plaintext, and remove it when the migration ends.",
        DefaultSeverity: Severity.Error,
        Inputs: ["PeerAuthentication"],
        SecuritySeverity: 7.5,
        Tags: ["mtls", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var policy in context.Index.OfType<PeerAuthentication>())
        {
            var scope = IstioPolicies.ScopeOf(policy.Selector, policy.Namespace, context.Settings) switch
            {
                PolicyScope.Mesh => "for the whole mesh",
                PolicyScope.Namespace => $"for namespace {policy.Namespace}",
                _ => "for the workloads it selects",
            };
            if (policy.MtlsMode is { } mode && IsWeak(mode.Value))
            {
                yield return Weak(policy, mode, $"mtls.mode is {mode.Value} {scope}, so plaintext connections are accepted.");
            }

            foreach (var port in policy.PortLevelMtls)
            {
                if (port.Mode is { } portMode && IsWeak(portMode.Value))
                {
                    yield return Weak(policy, portMode, $"portLevelMtls for port {port.Port.Value} is {portMode.Value} {scope}, so plaintext connections to that port are accepted.");
                }
            }
        }
    }

    private static bool IsWeak(string mode) => mode is "PERMISSIVE" or "DISABLE";

    private static Finding Weak(PeerAuthentication policy, Located<string> mode, string message) =>
        RuleContext.Report(Rule, policy, mode.Span, message) with
        {
            Fixes = [new Fix("Require mutual TLS (mode: STRICT)", [FixEdits.SetScalar(mode, "STRICT")])],
        };
}
