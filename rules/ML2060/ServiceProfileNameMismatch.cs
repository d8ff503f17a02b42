using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class ServiceProfileNameMismatch : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2060",
        Name: "ServiceProfileNameMismatch",
        Mesh: Mesh.Linkerd,
        Category: Category.Routing,
        Title: "ServiceProfile name is not a Service FQDN",
        Description: "Linkerd looks a ServiceProfile up by the fully qualified name of the Service it configures, `<service>.<namespace>.svc.<clusterDomain>`. A profile named anything else (a short name, a missing cluster domain, or a cluster domain other than the one Linkerd was installed with) is never used: no routes, retries, timeouts or metrics per route.",
        Remediation: "Name the profile `<service>.<namespace>.svc.<clusterDomain>`, for example `web-svc.emojivoto.svc.cluster.local`.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["ServiceProfile", "HelmValues", "HelmRelease"],
        Tags: ["serviceprofile"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var configured = LinkerdConfig.Of(context.Index).ClusterDomain;
        var domain = configured?.Value ?? context.Settings.ClusterDomain;
        foreach (var profile in context.Index.OfType<ServiceProfile>())
        {
            var name = profile.Name;
            if (!LinkerdParsing.IsDns1123Subdomain(name) || ServiceProfileNames.Parse(name, domain) is not null)
            {
                continue;
            }

            var svc = name.IndexOf(".svc.", StringComparison.Ordinal);
            if (svc > 0 && configured is null)
            {
                continue; // another cluster domain: fine unless the Helm values say which one Linkerd uses
            }

            var expected = svc > 0
                ? $"{name[..svc]}.svc.{domain}"
                : name.EndsWith(".svc", StringComparison.Ordinal) ? $"{name}.{domain}" : $"{name.Split('.')[0]}.{profile.Namespace}.svc.{domain}";
            var why = svc > 0 ? $"its cluster domain is not {domain}, the clusterDomain Linkerd is installed with" : $"it is not of the form <service>.<namespace>.svc.{domain}";
            yield return RuleContext.Report(Rule, profile, profile.NameSpan, $"ServiceProfile {name} is never used: {why} (expected something like {expected}).");
        }
    }
}
