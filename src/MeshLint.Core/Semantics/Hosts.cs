namespace MeshLint.Core.Semantics;

/// <summary>How Istio reads host names in VirtualServices, DestinationRules and policies.</summary>
public static class Hosts
{
    public static string ServiceFqdn(string name, string ns, string clusterDomain = "cluster.local") => $"{name}.{ns}.svc.{clusterDomain}";

    /// <summary>
    /// Istio expands a short name (no dot) in the namespace of the object that names it: <c>reviews</c> in
    /// <c>default</c> is <c>reviews.default.svc.cluster.local</c>. Names with a dot are taken as written, and
    /// <c>*</c> stays a wildcard.
    /// </summary>
    public static string Resolve(string host, string ns, string clusterDomain = "cluster.local")
    {
        if (host.Length == 0 || host.Contains('.', StringComparison.Ordinal) || host.StartsWith('*'))
        {
            return host;
        }

        return ServiceFqdn(host, ns, clusterDomain);
    }

    public static bool IsWildcard(string host) => host.StartsWith('*');

    /// <summary>True when <paramref name="pattern"/> (possibly <c>*.example.com</c> or <c>*</c>) covers <paramref name="host"/>.</summary>
    public static bool Matches(string pattern, string host)
    {
        if (string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase) || pattern == "*")
        {
            return true;
        }

        if (pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase);
        }

        return false;
    }

    /// <summary>True when the two host patterns can name a common host.</summary>
    public static bool Overlap(string a, string b) => Matches(a, b) || Matches(b, a);

    /// <summary>True for <c>name.ns.svc.cluster.local</c>-shaped hosts, which only a Kubernetes Service can answer.</summary>
    public static bool IsClusterLocal(string fqdn, string clusterDomain = "cluster.local") =>
        fqdn.EndsWith(".svc." + clusterDomain, StringComparison.OrdinalIgnoreCase);

    /// <summary>Splits a cluster-local FQDN into service name and namespace.</summary>
    public static bool TryParseServiceFqdn(string fqdn, out string name, out string ns, string clusterDomain = "cluster.local")
    {
        name = ns = string.Empty;
        if (!IsClusterLocal(fqdn, clusterDomain))
        {
            return false;
        }

        var parts = fqdn.Split('.');
        if (parts.Length < 4)
        {
            return false;
        }

        name = parts[0];
        ns = parts[1];
        return true;
    }

    /// <summary>
    /// Splits a gateway reference as a VirtualService writes it (<c>ns/name</c> or <c>name</c>, which means the
    /// VirtualService's own namespace). <c>mesh</c> is the sidecars, not a Gateway object.
    /// </summary>
    public static (string Namespace, string Name) GatewayRef(string reference, string ownNamespace)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            // `./name` is the VirtualService's own namespace, as istiod resolves it.
            var ns = reference[..slash];
            return (ns == "." ? ownNamespace : ns, reference[(slash + 1)..]);
        }

        // A dotted gateway reference (name.namespace.svc.cluster.local) is legacy but still accepted.
        var dot = reference.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var rest = reference[(dot + 1)..];
            var nextDot = rest.IndexOf('.', StringComparison.Ordinal);
            return (nextDot > 0 ? rest[..nextDot] : rest, reference[..dot]);
        }

        return (ownNamespace, reference);
    }
}
