using MeshLint.Core.Model;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed class IstioReportsConfigError : IRule
{
    private static readonly HashSet<string> IstioGroups = new(StringComparer.Ordinal)
    {
        "networking.istio.io", "security.istio.io", "telemetry.istio.io", "extensions.istio.io",
    };

    public static RuleDescriptor Rule { get; } = new(
        Id: "ML4202",
        Name: "IstioReportsConfigError",
        Mesh: Mesh.Kubernetes,
        Category: Category.Configuration,
        Title: "istiod reports an error in the object's status",
        Description: "With status reporting on, istiod runs its analyzers on the live configuration and writes what they find into the object's status.validationMessages. An ERROR there is a problem istiod sees in the configuration it is serving now (a reference it cannot resolve, a conflict with another object), whatever the repo says.",
        Remediation: "Look the code up (istioctl analyze explains each IST code) and fix the object or the one it refers to; the message clears on the next analysis once the problem is gone.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["VirtualService", "DestinationRule", "Gateway", "ServiceEntry", "Sidecar", "WorkloadEntry", "WorkloadGroup", "EnvoyFilter", "PeerAuthentication", "AuthorizationPolicy", "RequestAuthentication", "Telemetry", "WasmPlugin"],
        Tags: ["live", "status"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var obj in context.Index.Objects)
        {
            if (!IstioGroups.Contains(obj.Header.Group) || (obj.Root["status"] as MappingNode)?["validationMessages"] is not SequenceNode messages)
            {
                continue;
            }

            foreach (var message in messages.Items.OfType<MappingNode>())
            {
                if (message["level"]?.ToString() != "ERROR")
                {
                    continue;
                }

                var type = message["type"] as MappingNode;
                var code = type?["code"]?.ToString() ?? "an analyzer";
                var name = type?["name"]?.ToString();
                yield return RuleContext.Report(Rule, obj, message.KeySpanOr("level"),
                    $"istiod reports {code}{(name is null ? string.Empty : $" ({name})")} at level ERROR on {obj.Kind} {obj.Name}.");
            }
        }
    }
}
