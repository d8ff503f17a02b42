using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using MeshLint.Core.Index;
using MeshLint.Core.Rules;
using MeshLint.Live;
using MeshLint.Loading;
using MeshLint.Reporting;

namespace MeshLint.Cli;

/// <summary>
/// The live-cluster options of <c>meshlint check</c> and what they do: find the kubeconfig the way kubectl does,
/// read the cluster, tell the user on stderr what could not be read. Kept apart from CheckCommand so the check
/// command's own options and the live ones change independently.
/// </summary>
internal sealed class ClusterCommandOptions
{
    private readonly Option<bool> cluster = new("--cluster")
    {
        Description = "Also check what runs in a cluster (read-only: get and list; never Secrets). With PATHS, report drift between the repo and the cluster.",
    };

    private readonly Option<string?> context = new("--context") { Description = "The kubeconfig context to use (default: its current-context)." };

    private readonly Option<string?> kubeconfig = new("--kubeconfig") { Description = "The kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then the in-cluster service account)." };

    private readonly Option<string[]> namespaces = new("--namespace", "-n")
    {
        Description = "Read only this namespace (repeatable; default: all namespaces).",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<bool> insecure = new("--insecure-skip-tls-verify") { Description = "Do not verify the API server's certificate (insecure; a warning is printed)." };

    private readonly Option<double> timeout = new("--request-timeout")
    {
        Description = "Seconds to wait for each API request.",
        DefaultValueFactory = _ => 30,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(cluster);
        command.Options.Add(context);
        command.Options.Add(kubeconfig);
        command.Options.Add(namespaces);
        command.Options.Add(insecure);
        command.Options.Add(timeout);
    }

    public bool IsEnabled(ParseResult parse) => parse.GetValue(cluster);

    /// <summary>Reads the cluster when <c>--cluster</c> is given; null otherwise. Throws <see cref="UsageException"/> when nothing could be read.</summary>
    public LiveRun? Read(ParseResult parse, ConsoleIo io)
    {
        if (!IsEnabled(parse))
        {
            var stray = new Option[] { context, kubeconfig, namespaces, insecure }.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false });
            if (stray is not null)
            {
                throw new UsageException($"{stray.Name} needs --cluster");
            }

            return null;
        }

        var seconds = parse.GetValue(timeout);
        if (seconds is <= 0 or > 3600)
        {
            throw new UsageException("--request-timeout must be between 0 and 3600 seconds");
        }

        var options = new ClusterOptions
        {
            KubeconfigPaths = KubeconfigPaths(parse.GetValue(kubeconfig)),
            Context = parse.GetValue(context),
            Namespaces = (parse.GetValue(namespaces) ?? []).ToImmutableArray(),
            InsecureSkipTlsVerify = parse.GetValue(insecure),
            RequestTimeout = TimeSpan.FromSeconds(seconds),
        };
        if (options.InsecureSkipTlsVerify)
        {
            io.Error.WriteLine("meshlint: warning: --insecure-skip-tls-verify: the API server's certificate is not checked; anyone on the path can impersonate it and see the credentials");
        }

        ClusterSnapshot snapshot;
        using (var progress = ProgressLine.Create(io))
        {
            try
            {
                snapshot = ClusterReader.ReadAsync(options, progress).GetAwaiter().GetResult();
            }
            catch (ClusterConfigurationException ex)
            {
                throw new UsageException(ex.Message);
            }
        }

        foreach (var problem in snapshot.Problems)
        {
            io.Error.WriteLine($"meshlint: warning: {problem}");
        }

        if (!snapshot.AnythingRead)
        {
            throw new UsageException($"nothing could be read from the cluster at {snapshot.Server}");
        }

        return new LiveRun(snapshot);
    }

    /// <summary>kubectl's order: --kubeconfig, else every file in KUBECONFIG, else ~/.kube/config, else in-cluster.</summary>
    private static ImmutableArray<string> KubeconfigPaths(string? explicitPath)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            if (!File.Exists(explicitPath))
            {
                throw new UsageException($"kubeconfig not found: {explicitPath}");
            }

            return [explicitPath];
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).ToImmutableArray();
        }

        var home = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var standard = Path.Combine(home, ".kube", "config");
        return File.Exists(standard) ? [standard] : [];
    }

    /// <summary>A one-line progress display on stderr, only when stderr is a terminal.</summary>
    private sealed class ProgressLine : IProgress<ClusterReadProgress>, IDisposable
    {
        private readonly TextWriter writer;
        private readonly Lock gate = new();
        private bool written;

        private ProgressLine(TextWriter writer) => this.writer = writer;

        public static ProgressLine? Create(ConsoleIo io) =>
            ReferenceEquals(io.Error, Console.Error) && !Console.IsErrorRedirected ? new ProgressLine(io.Error) : null;

        public void Report(ClusterReadProgress value)
        {
            lock (gate)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"\rmeshlint: reading the cluster: {value.ListsDone}/{value.ListsTotal} lists, {value.Objects} objects\u001b[K"));
                writer.Flush();
                written = true;
            }
        }

        public void Dispose()
        {
            lock (gate)
            {
                if (written)
                {
                    writer.Write("\r\u001b[K");
                    writer.Flush();
                }
            }
        }
    }
}

/// <summary>A cluster that was read: its objects, and what reports need to know about it.</summary>
internal sealed class LiveRun(ClusterSnapshot snapshot)
{
    public ClusterSnapshot Snapshot { get; } = snapshot;

    public ClusterReport Report { get; } = new(snapshot.Server, snapshot.Context, snapshot.ServerVersion, snapshot.ObjectPaths);

    /// <summary>The kinds and namespaces read, so drift rules only call missing what the read could have seen.</summary>
    public ClusterCoverage Coverage { get; } = new(snapshot.KindsRead.ToImmutableHashSet(StringComparer.Ordinal), snapshot.Namespaces);

    /// <summary>What could not be read, for the report's notifications (SARIF toolExecutionNotifications).</summary>
    public ImmutableArray<string> Notifications => Snapshot.Problems;

    /// <summary>The repo's objects (if any) followed by the cluster's.</summary>
    public LoadResult Merge(LoadResult files) =>
        new(files.Objects.AddRange(Snapshot.Load.Objects), files.Diagnostics.AddRange(Snapshot.Load.Diagnostics), files.Files);

    /// <summary>Findings about cluster objects name the cluster (text output shows it in place of a file).</summary>
    public ImmutableArray<Finding> Annotate(ImmutableArray<Finding> findings) =>
        findings.Select(f => !f.Location.HasFile && f.Object is { } o && Snapshot.ObjectPaths.ContainsKey(o) ? f with { Cluster = Snapshot.Server } : f).ToImmutableArray();
}
