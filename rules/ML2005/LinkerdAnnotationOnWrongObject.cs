using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class LinkerdAnnotationOnWrongObject : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2005",
        Name: "LinkerdAnnotationOnWrongObject",
        Mesh: Mesh.Linkerd,
        Category: Category.Configuration,
        Title: "Linkerd annotation on an object that does not read it",
        Description: "Each Linkerd annotation is read from specific objects. The proxy injector reads pod-level keys (`linkerd.io/inject`, `config.linkerd.io/*`) from the pod and its namespace, never from a Deployment's own metadata, so a key placed there has no effect. Proxy settings such as `default-inbound-policy` or `skip-inbound-ports` do nothing on a Service. Retry and timeout annotations (`retry.linkerd.io/*`, `timeout.linkerd.io/*`) are read from Services and from routes whose parent is a Service; on a pod or namespace they are ignored, and `retry.linkerd.io/grpc` is not read on an HTTPRoute (nor `retry.linkerd.io/http` on a GRPCRoute).",
        Remediation: "Move the key where Linkerd reads it: pod keys under `spec.template.metadata.annotations` (or the namespace), retry/timeout keys on the Service or the route, `retry.linkerd.io/grpc` on a GRPCRoute and `retry.linkerd.io/http` on an HTTPRoute.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["Namespace", "Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob", "HTTPRoute", "GRPCRoute", "EgressNetwork"],
        Tags: ["annotations"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var map in LinkerdMetadata.Maps(context.Index))
        {
            foreach (var (key, _) in map.Annotations.Entries)
            {
                if (Misplaced(map, key.Value) is { } where)
                {
                    yield return RuleContext.Report(Rule, map.Owner, key.Span, $"{key.Value} on {map.Describe} has no effect: Linkerd reads it from {where}.");
                }
            }
        }
    }

    private static bool IsPodKey(string key) =>
        key == LinkerdAnnotations.Inject || LinkerdAnnotations.PodKeys.ContainsKey(key) || LinkerdAnnotations.PodOnlyKeys.Contains(key);

    private static bool IsRouteKey(string key) => LinkerdAnnotations.RouteKeys.Contains(key) || LinkerdAnnotations.BalancerKeys.Contains(key);

    /// <summary>Where Linkerd reads the key, when it does not read it here.</summary>
    private static string? Misplaced(MetadataMap map, string key)
    {
        const string podPlaces = "the pod template (spec.template.metadata.annotations) or the namespace";
        const string servicePlaces = "Services and from routes whose parent is a Service";
        switch (map.Place)
        {
            case MetadataPlace.WorkloadMetadata:
                if (IsPodKey(key) && !((Core.Model.Kubernetes.Workload)map.Owner).Template.Annotations.ContainsKey(key))
                {
                    return "the pod template (spec.template.metadata.annotations), not the workload's own metadata";
                }

                return IsRouteKey(key) ? servicePlaces : null;
            case MetadataPlace.PodTemplate:
            case MetadataPlace.Namespace:
                if (map.Place == MetadataPlace.Namespace && LinkerdAnnotations.PodOnlyKeys.Contains(key))
                {
                    return "the pod template only (the namespace value is not inherited)";
                }

                return IsRouteKey(key) ? (LinkerdAnnotations.BalancerKeys.Contains(key) ? "Services" : servicePlaces) : null;
            case MetadataPlace.Service:
                return IsPodKey(key) && key != LinkerdAnnotations.OpaquePorts ? podPlaces : null;
            case MetadataPlace.HttpRoute:
            case MetadataPlace.GrpcRoute:
            case MetadataPlace.OtherRoute:
                if (IsPodKey(key))
                {
                    return podPlaces;
                }

                if (LinkerdAnnotations.BalancerKeys.Contains(key))
                {
                    return "Services";
                }

                if (LinkerdAnnotations.RouteKeys.Contains(key))
                {
                    var route = (GatewayApiRoute)map.Owner;
                    // A parent of kind Service whose group is wrong is ML2044's finding, not this one.
                    if (!route.ParentRefs.Any(p => p.KindOrDefault is "Service" or "EgressNetwork"))
                    {
                        return "routes whose parent is a Service or EgressNetwork (outbound routes), not routes attached to a Server";
                    }

                    if (map.Place == MetadataPlace.HttpRoute && key == LinkerdAnnotations.RetryGrpc)
                    {
                        return "Services and GRPCRoutes, never HTTPRoutes";
                    }

                    if (map.Place == MetadataPlace.GrpcRoute && key == LinkerdAnnotations.RetryHttp)
                    {
                        return "Services and HTTPRoutes, never GRPCRoutes";
                    }
                }

                return null;
            case MetadataPlace.EgressNetwork:
                return IsPodKey(key) && key != LinkerdAnnotations.OpaquePorts ? podPlaces : null;
            default:
                return null;
        }
    }
}
