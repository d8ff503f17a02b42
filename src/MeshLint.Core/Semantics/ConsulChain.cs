using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Consul;

namespace MeshLint.Core.Semantics;

/// <summary>How a discovery-chain entry names another service or subset.</summary>
public enum ChainReferenceKind
{
    RouteDestination,
    Split,
    Redirect,
    Failover,
    FailoverTarget,
    DefaultSubset,
    FailoverSubset,
}

/// <summary>
/// One reference from a router, splitter or resolver to a service (and maybe a subset) of the discovery chain.
/// <see cref="Service"/> is the target service (the owner's own when the field is omitted); <see cref="ServiceField"/>
/// is the field that names it, when one does. <see cref="IsRemote"/> references leave this datacenter, partition or
/// namespace (peer, sameness group, datacenter, partition, namespace), so the repo cannot tell what they reach.
/// </summary>
public sealed record ChainReference(
    ConsulResource Owner,
    ChainReferenceKind Kind,
    string Service,
    Located<string>? ServiceField,
    Located<string>? Subset,
    bool IsRemote,
    SourceSpan Span)
{
    public string Describe() => Kind switch
    {
        ChainReferenceKind.RouteDestination => $"ServiceRouter {Owner.Name} routes to",
        ChainReferenceKind.Split => $"ServiceSplitter {Owner.Name} splits to",
        ChainReferenceKind.Redirect => $"ServiceResolver {Owner.Name} redirects to",
        ChainReferenceKind.Failover or ChainReferenceKind.FailoverTarget => $"ServiceResolver {Owner.Name} fails over to",
        ChainReferenceKind.DefaultSubset => $"ServiceResolver {Owner.Name} sets defaultSubset",
        _ => $"ServiceResolver {Owner.Name} defines failover for subset",
    };
}

/// <summary>The references between discovery-chain entries (routers, splitters, resolvers) in the repo.</summary>
public static class ConsulChain
{
    public static IEnumerable<ChainReference> References(MeshIndex index)
    {
        foreach (var router in index.OfType<ServiceRouter>())
        {
            foreach (var route in router.Routes)
            {
                if (route.Destination is { } d && (d.Service is not null || d.ServiceSubset is not null))
                {
                    yield return new ChainReference(router, ChainReferenceKind.RouteDestination, d.Service?.Value ?? router.Name, d.Service, d.ServiceSubset,
                        d.Namespace is not null, d.Span);
                }
            }
        }

        foreach (var splitter in index.OfType<ServiceSplitter>())
        {
            foreach (var split in splitter.Splits)
            {
                yield return new ChainReference(splitter, ChainReferenceKind.Split, split.Service?.Value ?? splitter.Name, split.Service, split.ServiceSubset,
                    split.Namespace is not null, split.Span);
            }
        }

        foreach (var resolver in index.OfType<ServiceResolver>())
        {
            if (resolver.DefaultSubset is { } defaultSubset)
            {
                yield return new ChainReference(resolver, ChainReferenceKind.DefaultSubset, resolver.Name, null, defaultSubset, false, defaultSubset.Span);
            }

            if (resolver.Redirect is { IsEmpty: false } r)
            {
                var remote = r.Namespace is not null || r.Partition is not null || r.Datacenter is not null || r.Peer is not null || r.SamenessGroup is not null;
                yield return new ChainReference(resolver, ChainReferenceKind.Redirect, r.Service?.Value ?? resolver.Name, r.Service, r.ServiceSubset, remote, r.Span);
            }

            foreach (var failover in resolver.Failover)
            {
                if (failover.Key.Value != "*")
                {
                    yield return new ChainReference(resolver, ChainReferenceKind.FailoverSubset, resolver.Name, null, failover.Key, false, failover.Span);
                }

                if (failover.Service is not null || failover.ServiceSubset is not null)
                {
                    var remote = failover.Namespace is not null || !failover.Datacenters.IsDefaultOrEmpty || failover.SamenessGroup is not null;
                    yield return new ChainReference(resolver, ChainReferenceKind.Failover, failover.Service?.Value ?? resolver.Name, failover.Service,
                        failover.ServiceSubset, remote, failover.Span);
                }

                foreach (var target in failover.Targets)
                {
                    if (target.Service is null && target.ServiceSubset is null)
                    {
                        continue;
                    }

                    var remote = target.Namespace is not null || target.Partition is not null || target.Datacenter is not null || target.Peer is not null;
                    yield return new ChainReference(resolver, ChainReferenceKind.FailoverTarget, target.Service?.Value ?? resolver.Name, target.Service,
                        target.ServiceSubset, remote, target.Span);
                }
            }
        }
    }
}
