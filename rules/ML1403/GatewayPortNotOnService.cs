using System.Globalization;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Rules.Common;

namespace MeshLint.Rules;

public sealed class GatewayPortNotOnService : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1403",
        Name: "GatewayPortNotOnService",
        Mesh: Mesh.Istio,
        Category: Category.Routing,
        Title: "Gateway listens on a port its Service does not expose",
        Description: "A Gateway server opens a listener on the gateway pods, but clients reach those pods through the gateway's Kubernetes Service. A server port that is neither a `port` nor a `targetPort` of any Service selecting the gateway pods cannot be reached from outside: the host looks configured and tests against the pod pass, while real clients time out. Checked when the gateway workload and its Service are in the manifests.",
        Remediation: "Use a port the gateway Service exposes (its `port` or `targetPort`), or add the port to the Service.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Gateway", "Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "Rollout"],
        Equivalents: ["IST0162"],
        Tags: ["gateway"],
        ClosedWorld: true);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var gateway in index.OfType<Gateway>())
        {
            var pods = IstioGateways.WorkloadsOf(gateway, index).ToList();
            var services = pods.SelectMany(index.ServicesSelecting).Distinct().ToList();
            if (services.Count == 0)
            {
                continue;
            }

            var exposed = new HashSet<long>();
            foreach (var service in services)
            {
                foreach (var port in service.Ports)
                {
                    if (port.Port is { } number)
                    {
                        exposed.Add(number.Value);
                    }

                    foreach (var target in TargetNumbers(port, pods))
                    {
                        exposed.Add(target);
                    }
                }
            }

            foreach (var server in gateway.Servers)
            {
                if (server.Port?.Number is not { } number || exposed.Contains(number.Value))
                {
                    continue;
                }

                yield return RuleContext.Report(Rule, gateway, number.Span,
                    $"Port {RuleText.Number(number.Value)} of Gateway {gateway.Name} is not exposed by Service {services[0].Ref.Namespace}/{services[0].Name} of its gateway pods (ports: {RuleText.List(exposed.Order().Select(RuleText.Number))}).",
                    new RelatedLocation(services[0].NameSpan, $"{services[0].Ref} exposes the gateway", services[0].Ref));
            }
        }
    }

    /// <summary>A numeric targetPort, or a named one resolved through the pods' container ports.</summary>
    private static IEnumerable<long> TargetNumbers(ServicePort port, List<Workload> pods)
    {
        if (port.TargetPort is not { } target)
        {
            yield break;
        }

        if (long.TryParse(target.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            yield return number;
            yield break;
        }

        foreach (var containerPort in pods.SelectMany(p => p.Template.Containers).SelectMany(c => c.Ports))
        {
            if (containerPort.Name?.Value == target.Value && containerPort.Port is { } value)
            {
                yield return value.Value;
            }
        }
    }
}
