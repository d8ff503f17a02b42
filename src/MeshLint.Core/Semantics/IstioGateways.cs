using System.Collections.Immutable;
using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics;

/// <summary>A backend that receives traffic from an ingress gateway, and where the route to it is written.</summary>
public sealed record IngressBackend(string Host, MeshObject Route, SourceSpan Span, string Gateway);

/// <summary>How Istio Gateways meet the workloads that run them, and which services they expose.</summary>
public static class IstioGateways
{
    /// <summary>
    /// An egress gateway carries outbound traffic; checks about public entry points do not apply to it. Istio's
    /// charts label it <c>istio: egressgateway</c>; custom ones keep "egress" in the selector value by convention.
    /// </summary>
    public static bool IsEgress(Gateway gateway) =>
        gateway.Selector is { } selector && selector.Entries.Any(e => e.Value.Value.Contains("egress", StringComparison.OrdinalIgnoreCase));

    /// <summary>Workloads in any namespace whose pod labels match the Gateway's selector (a Gateway selects across namespaces).</summary>
    public static IEnumerable<Workload> WorkloadsOf(Gateway gateway, MeshIndex index) =>
        gateway.Selector is { IsEmpty: false } selector
            ? index.OfType<Workload>().Where(w => selector.IsSubsetOf(w.Template.Labels))
            : [];

    /// <summary>
    /// True for a workload that runs an Istio gateway proxy: labelled as one by Istio's charts
    /// (<c>istio: ...gateway</c>, <c>gateway.istio.io/managed</c>), injected with the gateway template, or
    /// running the proxyv2 image directly.
    /// </summary>
    /// <summary>
    /// True for a selector that is just <c>istio: ingressgateway</c> or <c>istio: egressgateway</c>: the labels of the
    /// gateways Istio's installation profiles deploy in istio-system, which are usually installed apart from the
    /// configuration that selects them.
    /// </summary>
    public static bool IsDefaultGatewaySelector(LabelSet selector) =>
        selector.Count == 1 && selector["istio"] is "ingressgateway" or "egressgateway";

    public static bool IsGatewayWorkload(Workload workload)
    {
        var pod = workload.Template;
        if (pod.Labels["istio"] is { } istio && istio.Contains("gateway", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (pod.Labels.ContainsKey("gateway.istio.io/managed") || pod.Labels.ContainsKey("gateway.networking.k8s.io/gateway-name"))
        {
            return true;
        }

        if (pod.Annotations["inject.istio.io/templates"] is { } templates && templates.Contains("gateway", StringComparison.Ordinal))
        {
            return true;
        }

        return pod.Containers.Any(c => c.Image?.Value.Contains("proxyv2", StringComparison.Ordinal) == true);
    }

    /// <summary>
    /// In-mesh hosts (Kubernetes Services) that receive traffic from an ingress gateway: destinations of
    /// VirtualServices bound to an existing, non-egress Istio Gateway or to a Gateway API Gateway (through their
    /// delegates too), and Service backends of Gateway API routes attached to a Gateway.
    /// </summary>
    public static ImmutableArray<IngressBackend> IngressBackends(MeshIndex index)
    {
        var domain = index.Settings.ClusterDomain;
        var result = ImmutableArray.CreateBuilder<IngressBackend>();
        var services = index.OfType<VirtualService>();
        foreach (var service in services)
        {
            var gateway = GatewayBindings.Of(service, index)
                .FirstOrDefault(b => !b.FromMatch && ((b.IstioGateway is { } g && !IsEgress(g)) || b.KubernetesGateway is not null));
            if (gateway is null)
            {
                continue;
            }

            foreach (var (routeService, destination) in DestinationsWithDelegates(service, services))
            {
                var ns = routeService.Namespace ?? "default";
                var host = Hosts.Resolve(destination.Host.Value, ns, domain);
                if (!index.ServicesByHost(host).IsEmpty)
                {
                    result.Add(new IngressBackend(host, routeService, destination.Host.Span, gateway.Key));
                }
            }
        }

        foreach (var route in index.OfType<GatewayApiRoute>())
        {
            var ns = route.Namespace ?? "default";
            var parent = route.ParentRefs.FirstOrDefault(p => p.IsGateway
                && index.InNamespace<KubernetesGateway>(p.NamespaceOr(ns)).Any(g => g.Name == p.Name.Value && !IsServedByAnotherImplementation(g, index)));
            if (parent is null)
            {
                continue;
            }

            foreach (var backend in route.Rules.SelectMany(r => r.BackendRefs).Where(b => b.KindOr("Service") == "Service" && b.GroupOrCore.Length == 0))
            {
                var host = Hosts.ServiceFqdn(backend.Name.Value, backend.NamespaceOr(ns), domain);
                if (!index.ServicesByHost(host).IsEmpty)
                {
                    result.Add(new IngressBackend(host, route, backend.Name.Span, $"{parent.NamespaceOr(ns)}/{parent.Name.Value}"));
                }
            }
        }

        return result.ToImmutable();
    }

    private static IEnumerable<(VirtualService Service, Destination Destination)> DestinationsWithDelegates(VirtualService root, ImmutableArray<VirtualService> all)
    {
        var visited = new HashSet<VirtualService>();
        var pending = new Stack<VirtualService>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!visited.Add(current))
            {
                continue;
            }

            foreach (var route in current.AllRoutes)
            {
                foreach (var destination in route.Routes)
                {
                    yield return (current, destination.Destination);
                }

                if (route.Delegate is { } target)
                {
                    var ns = target.Namespace?.Value ?? current.Namespace ?? "default";
                    foreach (var found in all.Where(s => s.Name == target.Name.Value && s.Namespace == ns))
                    {
                        pending.Push(found);
                    }
                }
            }
        }
    }

    /// <summary>DestinationRules whose host (exact or wildcard) covers <paramref name="fqdn"/>, exact ones first.</summary>
    public static IEnumerable<DestinationRule> DestinationRulesFor(MeshIndex index, string fqdn)
    {
        foreach (var rule in index.DestinationRulesByHost(fqdn))
        {
            yield return rule;
        }

        foreach (var (pattern, rules) in index.WildcardDestinationRuleHosts)
        {
            if (pattern != fqdn && Hosts.Matches(pattern, fqdn))
            {
                foreach (var rule in rules)
                {
                    yield return rule;
                }
            }
        }
    }

    /// <summary>
    /// A Gateway API Gateway that another implementation serves, so Istio's DestinationRules never see its traffic:
    /// its GatewayClass, when in view, names a controller outside istio.io, or its class is Consul's API gateway
    /// class (<c>consul</c>, which the consul-k8s chart installs).
    /// </summary>
    public static bool IsServedByAnotherImplementation(KubernetesGateway gateway, MeshIndex index)
    {
        if (gateway.GatewayClassName?.Value is not { } className)
        {
            return false;
        }

        var gatewayClass = index.OfType<GenericObject>().FirstOrDefault(o => o.Kind == "GatewayClass" && o.Name == className);
        if (gatewayClass?.Spec?["controllerName"] is ScalarNode controller)
        {
            return !controller.Value.StartsWith("istio.io/", StringComparison.Ordinal);
        }

        return className == "consul";
    }
}
