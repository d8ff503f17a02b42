using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Model.Linkerd;

namespace MeshLint.Core.Semantics.Linkerd;

/// <summary>Where a label or annotation map sits: the object, and whether it is a workload's pod template.</summary>
public enum MetadataPlace
{
    Namespace,
    Service,
    WorkloadMetadata,
    PodTemplate,
    HttpRoute,
    GrpcRoute,
    OtherRoute,
    EgressNetwork,
}

/// <summary>One metadata map Linkerd may read: its owner, place, labels and annotations.</summary>
public sealed record MetadataMap(MeshObject Owner, MetadataPlace Place, LabelSet Labels, LabelSet Annotations)
{
    public string Describe => Place switch
    {
        MetadataPlace.PodTemplate => $"the pod template of {Owner.Kind} {Owner.Name}",
        MetadataPlace.WorkloadMetadata => $"{Owner.Kind} {Owner.Name}'s own metadata",
        _ => $"{Owner.Kind} {Owner.Name}",
    };
}

/// <summary>The metadata maps of the objects whose Linkerd keys matter, in load order.</summary>
public static class LinkerdMetadata
{
    public static IEnumerable<MetadataMap> Maps(MeshIndex index)
    {
        foreach (var obj in index.Objects)
        {
            switch (obj)
            {
                case Namespace ns:
                    yield return new MetadataMap(ns, MetadataPlace.Namespace, ns.Labels, ns.Annotations);
                    break;
                case Service service:
                    yield return new MetadataMap(service, MetadataPlace.Service, service.Labels, service.Annotations);
                    break;
                case Workload workload:
                    if (workload.Kind != "Pod")
                    {
                        yield return new MetadataMap(workload, MetadataPlace.WorkloadMetadata, workload.Labels, workload.Annotations);
                    }

                    yield return new MetadataMap(workload, MetadataPlace.PodTemplate, workload.Template.Labels, workload.Template.Annotations);
                    break;
                case GatewayApiRoute route:
                    var place = route.Kind switch
                    {
                        "HTTPRoute" => MetadataPlace.HttpRoute,
                        "GRPCRoute" => MetadataPlace.GrpcRoute,
                        _ => MetadataPlace.OtherRoute,
                    };
                    yield return new MetadataMap(route, place, route.Labels, route.Annotations);
                    break;
                case EgressNetwork egress:
                    yield return new MetadataMap(egress, MetadataPlace.EgressNetwork, egress.Labels, egress.Annotations);
                    break;
            }
        }
    }
}
