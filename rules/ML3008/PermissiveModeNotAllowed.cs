using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class PermissiveModeNotAllowed : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3008",
        Name: "PermissiveModeNotAllowed",
        Mesh: Mesh.Consul,
        Category: Category.Configuration,
        Title: "Permissive mTLS mode that the Mesh entry forbids",
        Description: "Consul accepts mutualTLSMode: permissive on ServiceDefaults or ProxyDefaults only while the Mesh entry sets allowEnablingPermissiveMutualTLS: true. When the Mesh entry in the repository does not, Consul rejects the write and the resource never syncs. The rule reports only when a Mesh entry named mesh is in view.",
        Remediation: "Prefer mutualTLSMode: strict. If the service must accept plaintext during a migration, set allowEnablingPermissiveMutualTLS: true on the Mesh entry for that period.",
        DefaultSeverity: Severity.Error,
        Inputs: ["ServiceDefaults", "ProxyDefaults", "Mesh"],
        Tags: ["mtls", "sync"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        if (context.Index.Consul.Mesh is not { } mesh || mesh.AllowEnablingPermissiveMutualTls?.Value == true)
        {
            yield break;
        }

        var meshSpan = mesh.AllowEnablingPermissiveMutualTls?.Span ?? mesh.NameSpan;
        foreach (var entry in context.Index.OfType<ConsulResource>())
        {
            if (entry is IConsulProxyDefaults { Proxy.MutualTlsMode: { Value: "permissive" } mode })
            {
                yield return RuleContext.Report(Rule, entry, mode.Span,
                    $"{entry.Kind} {entry.Name} sets mutualTLSMode permissive but Mesh {mesh.Name} does not set allowEnablingPermissiveMutualTLS: true, so Consul rejects it.",
                    new RelatedLocation(meshSpan, "the Mesh entry that does not allow permissive mTLS", mesh.Ref));
            }
        }
    }
}
