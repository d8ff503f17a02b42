namespace MeshLint.Core.Model.Istio;

/// <summary>
/// An IstioOperator (install.istio.io). Only <c>spec.meshConfig</c> is typed: it is one of the two places the
/// mesh config of an installation is written down (the other is the <c>istio</c> ConfigMap's <c>mesh</c> key).
/// </summary>
public sealed record IstioOperator(ObjectHeader Header, MappingNode? MeshConfig) : MeshObject(Header);
