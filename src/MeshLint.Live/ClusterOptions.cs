using System.Collections.Immutable;

namespace MeshLint.Live;

/// <summary>How to reach a cluster and what to read from it. The CLI fills it from flags and the environment.</summary>
public sealed record ClusterOptions
{
    /// <summary>
    /// Kubeconfig files, merged the way kubectl merges them (the first file that names a context, cluster or user
    /// wins). Empty: in-cluster service-account configuration.
    /// </summary>
    public ImmutableArray<string> KubeconfigPaths { get; init; } = [];

    /// <summary>The kubeconfig context to use; null for its current-context.</summary>
    public string? Context { get; init; }

    /// <summary>Namespaces to read; empty reads every namespace.</summary>
    public ImmutableArray<string> Namespaces { get; init; } = [];

    /// <summary>Turns server certificate verification off (the CLI warns).</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>Time allowed for one request, including reading its whole body.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Items asked for per page (<c>limit</c>); the server's <c>continue</c> token fetches the rest.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>Lists read at the same time.</summary>
    public int Parallelism { get; init; } = 8;

    /// <summary>How long to wait at most when the server answers 429 with Retry-After.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>How far a live read has got, for a progress line.</summary>
public sealed record ClusterReadProgress(int ListsDone, int ListsTotal, int Objects);

/// <summary>The cluster cannot be used at all (no kubeconfig, unknown context, bad credentials file).</summary>
public sealed class ClusterConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
