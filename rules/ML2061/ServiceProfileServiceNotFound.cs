using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class ServiceProfileServiceNotFound : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2061",
        Name: "ServiceProfileServiceNotFound",
        Mesh: Mesh.Linkerd,
        Category: Category.Routing,
        Title: "ServiceProfile names a Service that does not exist",
        Description: "A ServiceProfile applies to the Service its name spells. When that Service does not exist (often a typo in the name), the profile configures nothing. The rule compares against the scanned files and only reports namespaces whose Services are present.",
        Remediation: "Rename the profile after the Service it is meant for.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["ServiceProfile", "Service", "HelmValues", "HelmRelease"],
        ClosedWorld: true,
        IncompleteSeverity: Severity.Note,
        Tags: ["serviceprofile"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var domain = LinkerdConfig.Of(index).ClusterDomain?.Value ?? context.Settings.ClusterDomain;
        foreach (var profile in index.OfType<ServiceProfile>())
        {
            if (ServiceProfileNames.Parse(profile.Name, domain) is not { } target)
            {
                continue;
            }

            var services = index.InNamespace<Service>(target.Ns).Select(s => s.Name).ToList();
            if (services.Contains(target.Name) || (services.Count == 0 && !context.Settings.Complete) || ClosedWorld.IsExternal(context.Settings, target.Ns, target.Name))
            {
                continue;
            }

            yield return context.ReportMissing(Rule, profile, profile.NameSpan,
                $"ServiceProfile {profile.Name} configures Service {target.Name}, but no Service of that name was found in namespace {target.Ns} among the {services.Count} in the scanned files ({string.Join(", ", services.Take(5))}).");
        }
    }
}
