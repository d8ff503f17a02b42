namespace MeshLint.Tests.Live;

/// <summary>Writes a kubeconfig pointing at a test server, the way a cloud CLI or kind would write one.</summary>
public static class Kubeconfig
{
    public static string Write(string directory, string server, string? authorityPemBase64, string token = "test-token", string context = "test", bool insecure = false)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"kubeconfig-{Guid.NewGuid():N}.yaml");
        var tls = authorityPemBase64 is not null ? $"    certificate-authority-data: {authorityPemBase64}\n" : string.Empty;
        if (insecure)
        {
            tls += "    insecure-skip-tls-verify: true\n";
        }

        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test-cluster
              cluster:
                server: {server}
            {tls}- name: other-cluster
              cluster:
                server: https://127.0.0.1:1
            contexts:
            - name: {context}
              context:
                cluster: test-cluster
                user: auditor
            - name: other
              context:
                cluster: other-cluster
                user: auditor
            current-context: {context}
            users:
            - name: auditor
              user:
                token: {token}

            """);
        return path;
    }
}
