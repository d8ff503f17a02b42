using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class ServerSpecInvalid : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2016",
        Name: "ServerSpecInvalid",
        Mesh: Mesh.Linkerd,
        Category: Category.Configuration,
        Title: "Server spec the API server or webhook rejects or prunes",
        Description: "A `Server` must have exactly one of `podSelector` and `externalWorkloadSelector`, a `port` that is a number from 1 to 65535 or a port name, and a `proxyProtocol` among `unknown`, `HTTP/1`, `HTTP/2`, `gRPC`, `opaque` and `TLS` (case matters). Anything else is rejected. `accessPolicy` exists only in policy.linkerd.io/v1beta3: written in an older version it is pruned by the API server, so the Server silently falls back to deny.",
        Remediation: "Keep one selector, give a valid port and protocol, and use `apiVersion: policy.linkerd.io/v1beta3` when setting `accessPolicy`.",
        DefaultSeverity: Severity.Error,
        Inputs: ["Server"],
        Tags: ["admission"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var obj in context.Index.OfType<Server>())
        {
            foreach (var problem in LinkerdAdmission.ServerProblems(obj))
            {
                yield return RuleContext.Report(Rule, obj, problem.Span, $"{obj.Kind} {obj.Name}: {problem.Message}.");
            }
        }
    }
}
