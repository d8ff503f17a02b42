using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class IstioRequiredFieldMissing : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1801",
        Name: "IstioRequiredFieldMissing",
        Mesh: Mesh.Istio,
        Category: Category.Configuration,
        Title: "Istio resource misses a required field",
        Description: "Some fields carry the meaning of an Istio object: each VirtualService route destination's host, a DestinationRule's host, a subset's name, a Gateway's servers with their port and hosts, a ServiceEntry's hosts and port numbers and names, a Sidecar egress listener's hosts, an EnvoyFilter patch's applyTo and operation. Without them the object is invalid: the API server rejects it, or, where validation is bypassed, Istio discards it and traffic follows the defaults.",
        Remediation: "Add the field named in the message.",
        DefaultSeverity: Severity.Error,
        Inputs: ["VirtualService", "DestinationRule", "Gateway", "ServiceEntry", "Sidecar", "EnvoyFilter"],
        Equivalents: ["IST0106"],
        Tags: ["schema"]);

    public RuleDescriptor Descriptor => Rule;

    /// <summary>(path to a map or list of maps, required key) pairs per kind; the finding anchors on the map that lacks the key.</summary>
    private static readonly Dictionary<string, (string Path, string Key)[]> Required = new(StringComparer.Ordinal)
    {
        ["DestinationRule"] = [("spec", "host"), ("spec.subsets[]", "name")],
        ["Gateway"] = [("spec", "servers"), ("spec.servers[]", "port"), ("spec.servers[]", "hosts"), ("spec.servers[].port", "number"), ("spec.servers[].port", "protocol")],
        ["ServiceEntry"] = [("spec", "hosts"), ("spec.ports[]", "number"), ("spec.ports[]", "name")],
        ["Sidecar"] = [("spec.egress[]", "hosts")],
        ["EnvoyFilter"] = [("spec.configPatches[]", "applyTo"), ("spec.configPatches[]", "patch"), ("spec.configPatches[].patch", "operation")],
        ["VirtualService"] = [("spec.http[].route[]", "destination"), ("spec.http[].route[].destination", "host"), ("spec.tcp[].route[]", "destination"), ("spec.tcp[].route[].destination", "host"), ("spec.tls[].route[]", "destination"), ("spec.tls[].route[].destination", "host"), ("spec.http[].mirror", "host")],
    };

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var obj in index.Objects)
        {
            if (!obj.Header.Group.EndsWith("istio.io", StringComparison.Ordinal) || !Required.TryGetValue(obj.Kind, out var fields))
            {
                continue;
            }

            foreach (var (path, key) in fields)
            {
                foreach (var hit in NodePaths.Select(obj.Root, path))
                {
                    if (hit.Value is not MappingNode map || HasValue(map[key]))
                    {
                        continue;
                    }

                    yield return RuleContext.Report(Rule, obj, AnchorOf(hit),
                        $"{obj.Kind} {obj.Name} has no {key} in {NodePaths.Display(path)}.");
                }
            }
        }
    }

    private static bool HasValue(Node? node) => node switch
    {
        null => false,
        ScalarNode scalar => !scalar.IsNull && scalar.Value.Length > 0,
        SequenceNode list => !list.Items.IsEmpty,
        _ => true,
    };

    /// <summary>The key line of the map lacking the field: the key it hangs from, or the list item's first line.</summary>
    private static SourceSpan AnchorOf(NodePaths.Hit hit) =>
        hit.Parent[hit.Key] is SequenceNode ? hit.Value!.Span : hit.Parent.KeySpanOr(hit.Key);
}
