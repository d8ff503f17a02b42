using System.Collections.Immutable;
using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Core.Semantics;

/// <summary>One mesh turned on for a workload or namespace, and the key that turns it on.</summary>
public sealed record MeshSwitch(string Mesh, Located<string> Key, bool OnWorkload);

/// <summary>
/// Which meshes claim a workload or a namespace: Linkerd (<c>linkerd.io/inject</c>), Istio sidecars
/// (<c>istio-injection</c>, <c>istio.io/rev</c>, <c>sidecar.istio.io/inject</c>), Istio ambient
/// (<c>istio.io/dataplane-mode: ambient</c>) and Consul (<c>consul.hashicorp.com/connect-inject</c>).
/// </summary>
public static class MeshEnablement
{
    public const string Linkerd = "Linkerd";
    public const string Istio = "Istio";
    public const string IstioAmbient = "Istio ambient";
    public const string Consul = "Consul";
    private const string ConsulInject = "consul.hashicorp.com/connect-inject";

    /// <summary>The meshes a namespace itself enables.</summary>
    public static ImmutableArray<MeshSwitch> OfNamespace(Namespace ns)
    {
        var switches = ImmutableArray.CreateBuilder<MeshSwitch>();
        if (LinkerdInjection.NamespaceEnables(ns) && ns.Annotations.KeyOf(LinkerdAnnotations.Inject) is { } linkerd)
        {
            switches.Add(new MeshSwitch(Linkerd, linkerd, false));
        }

        if (ns.Labels.TryGet(IstioInjection.NamespaceLabel, out var injection))
        {
            if (injection.Value == "enabled" && ns.Labels.KeyOf(IstioInjection.NamespaceLabel) is { } key)
            {
                switches.Add(new MeshSwitch(Istio, key, false));
            }
        }
        else if (ns.Labels.KeyOf(IstioInjection.RevisionLabel) is { } revision)
        {
            switches.Add(new MeshSwitch(Istio, revision, false));
        }

        if (ns.Labels[IstioInjection.DataplaneModeLabel] == "ambient" && ns.Labels.KeyOf(IstioInjection.DataplaneModeLabel) is { } ambient)
        {
            switches.Add(new MeshSwitch(IstioAmbient, ambient, false));
        }

        return switches.ToImmutable();
    }

    /// <summary>The meshes that will capture a workload's pods, from the pod template and its namespace.</summary>
    public static ImmutableArray<MeshSwitch> OfWorkload(Workload workload, MeshIndex index)
    {
        var switches = ImmutableArray.CreateBuilder<MeshSwitch>();
        var template = workload.Template;
        if (template.HostNetwork?.Value == true)
        {
            return switches.ToImmutable();
        }

        var ns = index.Namespace(workload.Namespace ?? "default");
        var linkerd = LinkerdInjection.Resolve(workload, index);
        if (linkerd.IsMeshed && linkerd.DecidingKey is { } linkerdKey)
        {
            switches.Add(new MeshSwitch(Linkerd, linkerdKey, linkerd.DecidedByWorkload));
        }

        if (IstioInjection.IsInMesh(workload, index))
        {
            var nsState = IstioInjection.NamespaceState(ns);
            var podChoice = IstioInjection.PodChoice(template);
            var podAmbient = template.Labels.KeyOf(IstioInjection.DataplaneModeLabel);
            if (podChoice is { Value: "true" } choice)
            {
                switches.Add(new MeshSwitch(Istio, new Located<string>($"{IstioInjection.InjectKey}: true", choice.Span), true));
            }
            else if (template.Labels.KeyOf(IstioInjection.RevisionLabel) is { } rev)
            {
                switches.Add(new MeshSwitch(Istio, rev, true));
            }
            else if (podAmbient is { } ambientKey && template.Labels[IstioInjection.DataplaneModeLabel] == "ambient")
            {
                switches.Add(new MeshSwitch(IstioAmbient, ambientKey, true));
            }
            else if (ns is not null && nsState == InjectionState.Enabled)
            {
                var nsSwitch = OfNamespace(ns).FirstOrDefault(s => s.Mesh is Istio or IstioAmbient);
                if (nsSwitch is not null)
                {
                    switches.Add(nsSwitch);
                }
            }
        }

        if (template.Annotations.TryGet(ConsulInject, out var consul) && consul.Value is "true" or "1" or "t" or "T" or "TRUE" or "True" &&
            template.Annotations.KeyOf(ConsulInject) is { } consulKey)
        {
            switches.Add(new MeshSwitch(Consul, new Located<string>(consulKey.Value, consul.Span), true));
        }

        return switches.ToImmutable();
    }
}
