using System.Collections.Immutable;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using MeshLint.Core.Rules;

namespace MeshLint.Reporting;

/// <summary>
/// GitHub code scanning's upload limits: 25,000 results per run and 10 MB of gzipped SARIF per upload. A log over them
/// is rejected whole, so MeshLint keeps the most severe results and says what it left out.
/// </summary>
public sealed record SarifLimits(int MaxResults = 25_000, long MaxGzippedBytes = 10L * 1024 * 1024)
{
    public static SarifLimits GitHub { get; } = new();

    /// <summary>
    /// The input cut to fit, and a notification to show when something was cut (also added to the input's
    /// notifications, so it lands in the run's toolExecutionNotifications).
    /// </summary>
    public (ReportInput Input, string? Notice) Apply(ReportInput input, SarifFormatter formatter)
    {
        var ranked = Rank(input);
        var keep = Math.Min(ranked.Count, MaxResults);
        var reason = keep < ranked.Count ? $"GitHub code scanning accepts at most {Number(MaxResults)} results per run" : null;
        long? withoutResults = null;
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var candidate = Trim(input, ranked, keep, reason);
            var size = GzippedSize(candidate.Input, formatter);
            if (size <= MaxGzippedBytes || keep == 0)
            {
                return candidate;
            }

            reason = $"GitHub code scanning accepts at most {Size(MaxGzippedBytes)} of gzipped SARIF per upload";
            // The rules' metadata is a fixed cost that grows with the catalogue: scale only the room the results take,
            // or a large catalogue makes every step too small and the loop ends with no result at all.
            withoutResults ??= GzippedSize(Trim(input, ranked, 0, reason).Input, formatter);
            var perResult = Math.Max(1.0, (size - withoutResults.Value) / (double)keep);
            var fits = (MaxGzippedBytes - withoutResults.Value) / perResult * 0.95;
            keep = (int)Math.Max(0, Math.Min(keep - 1, fits));
        }

        return Trim(input, ranked, 0, reason);
    }

    /// <summary>Results first by severity, then security severity, live before suppressed or baselined, then report order.</summary>
    private static List<(Finding Finding, int Order)> Rank(ReportInput input)
    {
        var security = input.Rules.ToDictionary(r => r.Id, r => r.SecuritySeverity ?? 0, StringComparer.Ordinal);
        return input.Findings
            .Select((f, i) => (Finding: f, Order: i))
            .Where(x => x.Finding.Location.HasFile || x.Finding.Object is not null)
            .OrderByDescending(x => x.Finding.Severity)
            .ThenByDescending(x => security.GetValueOrDefault(x.Finding.RuleId))
            .ThenBy(x => x.Finding.IsSuppressed)
            .ThenBy(x => x.Finding.BaselineState ?? BaselineState.New)
            .ThenBy(x => x.Order)
            .ToList();
    }

    private static (ReportInput Input, string? Notice) Trim(ReportInput input, List<(Finding Finding, int Order)> ranked, int keep, string? reason)
    {
        if (keep >= ranked.Count)
        {
            return (input, null);
        }

        var dropped = ranked.Skip(keep).Select(x => x.Order).ToHashSet();
        var left = ranked.Skip(keep).Select(x => x.Finding).ToList();
        var findings = input.Findings.Where((_, i) => !dropped.Contains(i)).ToImmutableArray();
        var notice =
            $"MeshLint found {Number(ranked.Count)} results but {reason}: this log keeps the {Number(keep)} most severe and leaves out {Number(left.Count)} " +
            $"({Number(left.Count(f => f.Severity == Severity.Error))} errors, {Number(left.Count(f => f.Severity == Severity.Warning))} warnings, {Number(left.Count(f => f.Severity == Severity.Note))} notes). " +
            "Run MeshLint with --format text or json to see them all.";
        return (input with { Findings = findings, Notifications = input.Notifications.Add(notice) }, notice);
    }

    private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{Number(bytes / (1024 * 1024))} MB" : $"{Number(bytes / 1024)} KB";

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static long GzippedSize(ReportInput input, SarifFormatter formatter)
    {
        var counter = new CountingStream();
        using (var gzip = new GZipStream(counter, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new StreamWriter(gzip, new UTF8Encoding(false), 1 << 16))
        {
            formatter.Write(input, writer);
        }

        return counter.Length;
    }

    /// <summary>Counts bytes and keeps none: the size of a log without holding it in memory.</summary>
    private sealed class CountingStream : Stream
    {
        private long length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => length;

        public override long Position { get => length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => length += buffer.Length;
    }
}
