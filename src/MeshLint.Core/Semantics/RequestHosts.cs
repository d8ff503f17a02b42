using MeshLint.Core.Index;
using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Model.Kubernetes;

namespace MeshLint.Core.Semantics;

/// <summary>
/// Every name a request's Host header (<c>:authority</c>) can carry for something the files define: each form of a
/// Service's name (<c>name</c>, <c>name.ns</c>, <c>name.ns.svc</c>, the FQDN), ServiceEntry and VirtualService hosts,
/// Istio Gateway server hosts and Gateway API listener and route hostnames (a listener without one accepts any host).
/// Built once per run, on first use.
/// </summary>
public sealed class RequestHosts
{
    private readonly HashSet<string> exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> wildcards = [];

    private RequestHosts(MeshIndex index)
    {
        var domain = index.Settings.ClusterDomain;
        foreach (var service in index.OfType<Service>())
        {
            var ns = service.Namespace ?? "default";
            exact.Add(service.Name);
            exact.Add($"{service.Name}.{ns}");
            exact.Add($"{service.Name}.{ns}.svc");
            exact.Add(Hosts.ServiceFqdn(service.Name, ns, domain));
        }

        foreach (var host in index.OfType<ServiceEntry>().SelectMany(e => e.Hosts))
        {
            Add(host.Value);
        }

        foreach (var vs in index.OfType<VirtualService>())
        {
            foreach (var host in vs.Hosts)
            {
                Add(host.Value);
                Add(Hosts.Resolve(host.Value, vs.Namespace ?? "default", domain));
            }
        }

        foreach (var host in index.OfType<Gateway>().SelectMany(g => g.Servers).SelectMany(s => s.Hosts))
        {
            var slash = host.Value.IndexOf('/', StringComparison.Ordinal);
            Add(slash >= 0 ? host.Value[(slash + 1)..] : host.Value);
        }

        foreach (var listener in index.OfType<KubernetesGateway>().SelectMany(g => g.Listeners))
        {
            Add(listener.Hostname?.Value ?? "*");
        }

        foreach (var host in index.OfType<GatewayApiRoute>().SelectMany(r => r.Hostnames))
        {
            Add(host.Value);
        }
    }

    public static RequestHosts Of(MeshIndex index) => index.Facts(i => new RequestHosts(i));

    /// <summary>A host as a Host header compares it: without a <c>:port</c> suffix and a trailing dot.</summary>
    public static string Normalize(string host)
    {
        var colon = host.LastIndexOf(':');
        var withoutPort = colon > 0 && host.IndexOf(']', StringComparison.Ordinal) < colon ? host[..colon] : host;
        return withoutPort.TrimEnd('.');
    }

    /// <summary>True when <paramref name="host"/> (normalized, no wildcard) is one of the names or matches a wildcard host.</summary>
    public bool IsKnown(string host) => exact.Contains(host) || wildcards.Any(w => Hosts.Matches(w, host));

    /// <summary>The known name one or two edits away from <paramref name="host"/>, for a "did you mean".</summary>
    public string? Closest(string host) => NearMiss.Closest(exact, host, ignoreCase: true);

    private void Add(string host)
    {
        var normalized = Normalize(host);
        if (normalized.Contains('*', StringComparison.Ordinal))
        {
            wildcards.Add(normalized);
        }
        else if (normalized.Length > 0)
        {
            exact.Add(normalized);
        }
    }
}
