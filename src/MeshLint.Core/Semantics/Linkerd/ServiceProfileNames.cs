namespace MeshLint.Core.Semantics.Linkerd;

/// <summary>ServiceProfile names: the FQDN <c>&lt;service&gt;.&lt;namespace&gt;.svc.&lt;clusterDomain&gt;</c> of the Service they configure.</summary>
public static class ServiceProfileNames
{
    /// <summary>The Service (namespace, name) a profile name spells, or null when it is not of that form.</summary>
    public static (string Ns, string Name)? Parse(string profileName, string clusterDomain)
    {
        var suffix = $".svc.{clusterDomain}";
        if (!profileName.EndsWith(suffix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = profileName[..^suffix.Length].Split('.');
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0 ? (parts[1], parts[0]) : null;
    }
}
