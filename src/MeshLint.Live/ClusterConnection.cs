using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace MeshLint.Live;

/// <summary>The answer to one GET: the status and body, or why there was none.</summary>
internal sealed record ApiResponse(HttpStatusCode? Status, byte[] Body, string? Failure, TimeSpan? RetryAfter = null)
{
    public bool IsSuccess => Status is { } s && (int)s is >= 200 and < 300;
}

/// <summary>
/// One authenticated, read-only channel to an API server. KubernetesClient resolves the kubeconfig (contexts,
/// certificates, tokens, exec plugins, in-cluster service account) and owns the TLS setup; MeshLint sends raw GETs
/// through it so the JSON reaches the loader as the server wrote it.
/// </summary>
internal sealed class ClusterConnection : IDisposable
{
    private static readonly ProductInfoHeaderValue UserAgent = new("meshlint", typeof(ClusterConnection).Assembly.GetName().Version?.ToString(3) ?? "0");
    private readonly Kubernetes client;
    private readonly TimeSpan timeout;

    private ClusterConnection(Kubernetes client, string server, string? context, TimeSpan timeout)
    {
        this.client = client;
        Server = server;
        Context = context;
        this.timeout = timeout;
    }

    /// <summary>The API server's URL, as the kubeconfig names it.</summary>
    public string Server { get; }

    public string? Context { get; }

    public static ClusterConnection Open(ClusterOptions options)
    {
        var config = Configure(options);
        config.SkipTlsVerify = config.SkipTlsVerify || options.InsecureSkipTlsVerify;

        // The whole body is read inside the per-request timeout; this outer limit only backs it up.
        config.HttpClientTimeout = options.RequestTimeout + TimeSpan.FromSeconds(5);
        var host = config.Host?.TrimEnd('/') ?? throw new ClusterConfigurationException("the kubeconfig names no server for this context");
        try
        {
            return new ClusterConnection(new Kubernetes(config), host, config.CurrentContext, options.RequestTimeout);
        }
        catch (Exception ex) when (ex is KubeConfigException or KubernetesClientException or UriFormatException or IOException or System.Security.Cryptography.CryptographicException)
        {
            throw new ClusterConfigurationException($"cannot use the credentials for {host}: {ex.Message}", ex);
        }
    }

    private static KubernetesClientConfiguration Configure(ClusterOptions options)
    {
        if (options.KubeconfigPaths.IsDefaultOrEmpty)
        {
            if (!KubernetesClientConfiguration.IsInCluster())
            {
                throw new ClusterConfigurationException("no kubeconfig found (looked at --kubeconfig, KUBECONFIG and ~/.kube/config) and not running inside a cluster");
            }

            if (options.Context is not null)
            {
                throw new ClusterConfigurationException($"--context {options.Context} needs a kubeconfig; inside a cluster only the pod's service account is available");
            }

            try
            {
                return KubernetesClientConfiguration.InClusterConfig();
            }
            catch (Exception ex) when (ex is KubeConfigException or IOException or UnauthorizedAccessException)
            {
                throw new ClusterConfigurationException($"cannot read the in-cluster service account: {ex.Message}", ex);
            }
        }

        var missing = options.KubeconfigPaths.Where(p => !File.Exists(p)).ToList();
        if (missing.Count == options.KubeconfigPaths.Length)
        {
            throw new ClusterConfigurationException($"kubeconfig not found: {string.Join(", ", missing)}");
        }

        K8SConfiguration merged;
        try
        {
            // kubectl skips KUBECONFIG entries that do not exist.
            merged = Merge(options.KubeconfigPaths.Where(File.Exists).Select(Load).ToList());
        }
        catch (Exception ex) when (ex is KubeConfigException or IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
        {
            throw new ClusterConfigurationException($"cannot read the kubeconfig: {ex.Message}", ex);
        }

        var contexts = merged.Contexts?.Select(c => c.Name).ToList() ?? [];
        var context = options.Context ?? merged.CurrentContext;
        if (string.IsNullOrEmpty(context))
        {
            throw new ClusterConfigurationException(contexts.Count == 0
                ? "the kubeconfig has no contexts"
                : $"the kubeconfig has no current-context; choose one with --context ({string.Join(", ", contexts)})");
        }

        if (!contexts.Contains(context, StringComparer.Ordinal))
        {
            throw new ClusterConfigurationException($"context '{context}' is not in the kubeconfig (it has: {(contexts.Count == 0 ? "none" : string.Join(", ", contexts))})");
        }

        try
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigObject(merged, context);
        }
        catch (Exception ex) when (ex is KubeConfigException or KubernetesClientException or IOException or UnauthorizedAccessException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new ClusterConfigurationException($"context '{context}' cannot be used: {ex.Message}", ex);
        }
    }

    /// <summary>Reads one kubeconfig and makes the file paths in it absolute, relative to that file as kubectl does.</summary>
    private static K8SConfiguration Load(string path)
    {
        var config = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(path), true);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string? Absolute(string? file) => string.IsNullOrEmpty(file) || Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(directory, file));
        foreach (var cluster in config.Clusters ?? [])
        {
            if (cluster.ClusterEndpoint is { } endpoint)
            {
                endpoint.CertificateAuthority = Absolute(endpoint.CertificateAuthority);
            }
        }

        foreach (var user in config.Users ?? [])
        {
            if (user.UserCredentials is { } credentials)
            {
                credentials.ClientCertificate = Absolute(credentials.ClientCertificate);
                credentials.ClientKey = Absolute(credentials.ClientKey);
            }
        }

        return config;
    }

    /// <summary>kubectl's merge: the first file that names a context, cluster or user (or sets current-context) wins.</summary>
    private static K8SConfiguration Merge(List<K8SConfiguration> configs)
    {
        static List<T> FirstByName<T>(IEnumerable<T> items, Func<T, string> name)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            return items.Where(i => seen.Add(name(i))).ToList();
        }

        return new K8SConfiguration
        {
            FileName = configs.FirstOrDefault()?.FileName,
            CurrentContext = configs.Select(c => c.CurrentContext).FirstOrDefault(c => !string.IsNullOrEmpty(c)),
            Contexts = FirstByName(configs.SelectMany(c => c.Contexts ?? []), c => c.Name),
            Clusters = FirstByName(configs.SelectMany(c => c.Clusters ?? []), c => c.Name),
            Users = FirstByName(configs.SelectMany(c => c.Users ?? []), u => u.Name),
        };
    }

    /// <summary>
    /// GETs a path relative to the server. Every request MeshLint makes goes through here, and it only reads:
    /// the HTTP method is always GET (the verbs get and list) and nothing under <c>secrets</c> is ever asked for.
    /// </summary>
    public async Task<ApiResponse> GetAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        if (LiveKinds.TouchesSecrets(pathAndQuery))
        {
            throw new InvalidOperationException($"refusing to read {pathAndQuery}: MeshLint never reads Secrets");
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(client.BaseUri, pathAndQuery.TrimStart('/')));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.UserAgent.Add(UserAgent);
        try
        {
            if (client.Credentials is { } credentials)
            {
                await credentials.ProcessHttpRequestAsync(request, timeoutSource.Token).ConfigureAwait(false);
            }

            using var response = await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(timeoutSource.Token).ConfigureAwait(false);
            var retryAfter = response.Headers.RetryAfter?.Delta
                ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
            return new ApiResponse(response.StatusCode, body, null, retryAfter);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ApiResponse(null, [], $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return new ApiResponse(null, [], Describe(ex));
        }
        catch (Exception ex) when (ex is KubeConfigException or KubernetesClientException or IOException)
        {
            // Exec credential plugins and token files fail here.
            return new ApiResponse(null, [], $"cannot get credentials: {ex.Message}");
        }
    }

    private static string Describe(HttpRequestException ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException)
            {
                return $"TLS handshake failed ({inner.Message}); the server certificate is not signed by the kubeconfig's certificate-authority, or does not name the server";
            }
        }

        return ex.InnerException is { } cause && cause.Message != ex.Message ? $"{ex.Message} ({cause.Message})" : ex.Message;
    }

    public void Dispose() => client.Dispose();
}
