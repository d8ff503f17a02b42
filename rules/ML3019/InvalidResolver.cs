using System.Text.RegularExpressions;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Consul;
using MeshLint.Core.Rules;

namespace MeshLint.Rules;

public sealed partial class InvalidResolver : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML3019",
        Name: "InvalidResolver",
        Mesh: Mesh.Consul,
        Category: Category.Configuration,
        Title: "ServiceResolver the webhook rejects",
        Description: "The consul-k8s webhook rejects a ServiceResolver when redirect and failover are both set, a redirect or failover is empty or combines fields that exclude each other (targets with service, serviceSubset or datacenters; peer or samenessGroup with subsets, partitions or datacenters), a subset name is not lower-case alphanumeric with inner dashes, or a hash policy field is not header, cookie or query_parameter. The resolver never reaches Consul.",
        Remediation: "Keep one of redirect or failover, give subsets DNS-style names, express multi-target failover with targets only, and use a supported hash policy field.",
        DefaultSeverity: Severity.Error,
        Inputs: ["ServiceResolver"],
        Tags: ["webhook", "routing"]);

    public RuleDescriptor Descriptor => Rule;

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex SubsetName();

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var resolver in context.Index.OfType<ServiceResolver>())
        {
            foreach (var (span, problem) in Problems(resolver))
            {
                yield return RuleContext.Report(Rule, resolver, span, $"ServiceResolver {resolver.Name}: {problem}.");
            }
        }
    }

    private static IEnumerable<(SourceSpan Span, string Problem)> Problems(ServiceResolver resolver)
    {
        if (resolver.Redirect is { } redirect && !resolver.Failover.IsDefaultOrEmpty)
        {
            yield return (resolver.FailoverSpan ?? redirect.Span, "redirect and failover cannot both be set");
        }

        if (resolver.Redirect is { } r && RedirectProblem(r) is { } redirectProblem)
        {
            yield return (r.Span, redirectProblem);
        }

        foreach (var subset in resolver.Subsets)
        {
            if (!SubsetName().IsMatch(subset.Name.Value))
            {
                yield return (subset.Span, $"subset name {subset.Name.Value} must be lower-case letters, digits and inner dashes");
            }
        }

        foreach (var failover in resolver.Failover)
        {
            foreach (var problem in FailoverProblems(failover))
            {
                yield return problem;
            }
        }

        foreach (var policy in resolver.HashPolicies)
        {
            if (policy.Field is not { } field)
            {
                continue;
            }

            if (field.Value is not ("header" or "cookie" or "query_parameter"))
            {
                yield return (field.Span, $"hash policy field {field.Value} must be header, cookie or query_parameter");
            }
            else if (policy.SourceIp?.Value == true)
            {
                yield return (policy.Span, "a hash policy cannot set both field and sourceIP");
            }
            else if (string.IsNullOrEmpty(policy.FieldValue?.Value))
            {
                yield return (field.Span, "a hash policy with a field needs a fieldValue");
            }
        }
    }

    /// <summary>The webhook's checks of a redirect, in its order (it reports the first that applies).</summary>
    private static string? RedirectProblem(ResolverRedirect r)
    {
        if (r.IsEmpty)
        {
            return "redirect cannot be empty";
        }

        return r switch
        {
            { SamenessGroup: not null, ServiceSubset: not null } => "redirect samenessGroup cannot be set with serviceSubset",
            { SamenessGroup: not null, Partition: not null } => "redirect partition cannot be set with samenessGroup",
            { SamenessGroup: not null, Datacenter: not null } => "redirect samenessGroup cannot be set with datacenter",
            { Peer: not null, ServiceSubset: not null } => "redirect peer cannot be set with serviceSubset",
            { Peer: not null, Partition: not null } => "redirect partition cannot be set with peer",
            { Peer: not null, Datacenter: not null } => "redirect peer cannot be set with datacenter",
            { Service: null, ServiceSubset: not null } => "redirect serviceSubset is set without service",
            { Service: null, Namespace: not null } => "redirect namespace is set without service",
            { Service: null, Partition: not null } => "redirect partition is set without service",
            { Service: null, Peer: not null } => "redirect peer is set without service",
            _ => null,
        };
    }

    private static IEnumerable<(SourceSpan Span, string Problem)> FailoverProblems(ResolverFailover f)
    {
        var key = f.Key.Value;
        if (f.IsEmpty)
        {
            yield return (f.Span, $"failover {key} cannot be empty");
        }

        if (f.SamenessGroup is not null && (!f.Datacenters.IsDefaultOrEmpty || f.ServiceSubset is not null || !f.Targets.IsDefaultOrEmpty))
        {
            yield return (f.SamenessGroup.Value.Span, $"failover {key} samenessGroup cannot be set with datacenters, serviceSubset or targets");
        }

        if (!f.Targets.IsDefaultOrEmpty && f.TargetsSpan is { } targets)
        {
            var others = new[] { ("service", f.Service is not null), ("serviceSubset", f.ServiceSubset is not null), ("datacenters", !f.Datacenters.IsDefaultOrEmpty) }
                .Where(o => o.Item2).Select(o => o.Item1).ToList();
            if (others.Count > 0)
            {
                yield return (targets, $"failover {key} targets cannot be set with {string.Join(" or ", others)}");
            }
        }

        foreach (var target in f.Targets)
        {
            var problem = target switch
            {
                { Peer: not null, ServiceSubset: not null } => "target peer cannot be set with serviceSubset",
                { Peer: not null, Partition: not null } => "target partition cannot be set with peer",
                { Peer: not null, Datacenter: not null } => "target peer cannot be set with datacenter",
                { Partition: not null, Datacenter: not null } => "target partition cannot be set with datacenter",
                _ => null,
            };
            if (problem is not null)
            {
                yield return (target.Span, $"failover {key} {problem}");
            }
        }

        foreach (var datacenter in f.Datacenters)
        {
            if (datacenter.Value.Length == 0)
            {
                yield return (datacenter.Span, $"failover {key} lists an empty datacenter");
            }
        }
    }
}
