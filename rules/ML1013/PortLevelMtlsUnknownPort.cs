using System.Globalization;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Rules;

public sealed class PortLevelMtlsUnknownPort : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML1013",
        Name: "PortLevelMtlsUnknownPort",
        Mesh: Mesh.Istio,
        Category: Category.Security,
        Title: "PeerAuthentication portLevelMtls names a port its workloads do not serve",
        Description: "portLevelMtls keys are the ports the workload listens on (container ports, the Service's targetPort), not Service ports. A key that no selected container serves never applies, so the workload keeps its inherited mode: a port meant to be locked down stays open to plaintext, or a port meant to be relaxed keeps failing. Judged when the selected workloads are in the files.",
        Remediation: "Use the container port (the Service's targetPort) as the key.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["PeerAuthentication", "Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "ConfigMap", "IstioOperator"],
        SecuritySeverity: 4.0,
        Tags: ["mtls", "security"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        foreach (var policy in index.OfType<PeerAuthentication>())
        {
            if (policy.PortLevelMtls.IsEmpty || policy.Selector is not { Labels.IsEmpty: false })
            {
                continue;
            }

            var workloads = index.WorkloadsIn(policy.Namespace ?? "default").Where(w => IstioPolicies.Applies(policy.Selector, policy.Namespace, w, context.Settings)).ToList();
            if (workloads.Count == 0)
            {
                continue;
            }

            var served = workloads
                .SelectMany(w => w.Template.Containers.SelectMany(c => c.Ports).Select(p => p.Port?.Value)
                    .Concat(IstioProtocols.PortsOf(w, index).Select(p => (long?)p.ContainerPort)))
                .OfType<long>()
                .ToHashSet();
            foreach (var port in policy.PortLevelMtls)
            {
                if (!long.TryParse(port.Port.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || served.Contains(number))
                {
                    continue;
                }

                var listening = string.Join(", ", served.Order());
                var asServicePort = workloads
                    .SelectMany(w => IstioProtocols.PortsOf(w, index))
                    .FirstOrDefault(p => p.ServicePort.Port?.Value == number);
                var hint = asServicePort is null
                    ? string.Empty
                    : $"; {number} is the port of Service {asServicePort.Service.Name}, whose target is {asServicePort.ContainerPort}";
                yield return RuleContext.Report(Rule, policy, port.Port.Span,
                    $"portLevelMtls port {number} of PeerAuthentication {policy.Namespace}/{policy.Name} is not a port its workloads listen on ({(listening.Length == 0 ? "none declared" : listening)}){hint}, so the setting never applies.");
            }
        }
    }
}
