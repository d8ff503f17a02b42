namespace MeshLint.Core.Model.Kubernetes;

/// <summary>
/// A Pod that a controller (ReplicaSet, StatefulSet, DaemonSet, Job) created, as a cluster lists it: an instance of
/// its owner's pod template rather than a workload of its own, so workload rules judge the owner once instead of
/// every replica. Live rules read it for what actually runs (its containers and <c>status</c>).
/// </summary>
public sealed record Pod(ObjectHeader Header, PodTemplate Template, ObjectRef Controller) : MeshObject(Header);
