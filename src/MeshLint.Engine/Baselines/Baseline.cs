using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;

namespace MeshLint.Engine.Baselines;

/// <summary>One accepted finding: its fingerprint is what matches; the rest lets a person read the file and lets an absent finding be shown.</summary>
public sealed record BaselineEntry(
    [property: JsonPropertyName("fingerprint")] string Fingerprint,
    [property: JsonPropertyName("ruleId")] string RuleId,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("object")] string? Object,
    [property: JsonPropertyName("file")] string? File,
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("message")] string Message);

/// <summary>Thrown when a baseline file cannot be read: a usage error, not a finding.</summary>
public sealed class BaselineException(string message) : Exception(message);

/// <summary>
/// The findings a team accepted at one point (<c>meshlint baseline create</c>). Checked against a baseline, a run
/// marks each finding new or unchanged (by fingerprint, so moving or reformatting an object changes nothing) and
/// lists the accepted findings that are gone as absent.
/// </summary>
public sealed class Baseline
{
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HashSet<string> fingerprints;

    private Baseline(ImmutableArray<BaselineEntry> entries)
    {
        Entries = entries;
        fingerprints = new HashSet<string>(entries.Select(e => e.Fingerprint), StringComparer.Ordinal);
    }

    public ImmutableArray<BaselineEntry> Entries { get; }

    /// <summary>A baseline of the findings that are not suppressed in source (those are accepted already).</summary>
    public static Baseline Create(IEnumerable<Finding> findings) => new(findings
        .Where(f => !f.IsSuppressed && f.Fingerprint is not null)
        .Select(f => new BaselineEntry(
            f.Fingerprint!,
            f.RuleId,
            f.Severity.ToString().ToLowerInvariant(),
            f.Object?.ToString(),
            f.Location.HasFile ? f.Location.File : null,
            f.Location.StartLine,
            f.Message))
        .ToImmutableArray());

    public static Baseline Read(string path)
    {
        try
        {
            using var stream = System.IO.File.OpenRead(path);
            var document = JsonSerializer.Deserialize<BaselineDocument>(stream, JsonOptions)
                ?? throw new BaselineException($"{path} is not a MeshLint baseline (it is empty)");
            if (document.Version != FormatVersion || document.Findings is null)
            {
                throw new BaselineException($"{path} is not a MeshLint baseline of format version {FormatVersion}; recreate it with 'meshlint baseline create'");
            }

            if (document.Findings.Any(e => string.IsNullOrEmpty(e.Fingerprint) || string.IsNullOrEmpty(e.RuleId)))
            {
                throw new BaselineException($"{path} has an entry without fingerprint or ruleId; recreate it with 'meshlint baseline create'");
            }

            return new Baseline([.. document.Findings]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BaselineException($"cannot read baseline {path}: {ex.Message}");
        }
        catch (JsonException ex)
        {
            throw new BaselineException($"{path} is not valid baseline JSON ({ex.Message}); recreate it with 'meshlint baseline create'");
        }
    }

    public string ToJson() => JsonSerializer.Serialize(new BaselineDocument { Version = FormatVersion, Findings = [.. Entries] }, JsonOptions) + "\n";

    public void Write(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        System.IO.File.WriteAllText(path, ToJson(), new UTF8Encoding(false));
    }

    /// <summary>
    /// Every finding with its baseline state (suppressed ones too, as SARIF wants the state on all results or none),
    /// followed by the baseline's findings that this run no longer has, as absent.
    /// </summary>
    public ImmutableArray<Finding> Compare(IEnumerable<Finding> findings)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Finding>();
        foreach (var finding in findings)
        {
            var known = finding.Fingerprint is not null && fingerprints.Contains(finding.Fingerprint);
            if (known)
            {
                seen.Add(finding.Fingerprint!);
            }

            result.Add(finding with { BaselineState = known ? BaselineState.Unchanged : BaselineState.New });
        }

        foreach (var entry in Entries.Where(e => !seen.Contains(e.Fingerprint)))
        {
            result.Add(Absent(entry));
        }

        return [.. result];
    }

    private static Finding Absent(BaselineEntry entry)
    {
        var severity = Enum.TryParse<Severity>(entry.Severity, ignoreCase: true, out var parsed) ? parsed : Severity.Warning;
        var span = entry.File is { Length: > 0 } file ? new SourceSpan(file, Math.Max(entry.Line, 1), 1, Math.Max(entry.Line, 1), 2) : SourceSpan.None;
        return new Finding(entry.RuleId, severity, entry.Message, span, ParseRef(entry.Object))
        {
            BaselineState = BaselineState.Absent,
            Fingerprint = entry.Fingerprint,
        };
    }

    private static ObjectRef? ParseRef(string? text)
    {
        var parts = text?.Split('/');
        return parts switch
        {
            [var kind, var name] => new ObjectRef(kind, null, name),
            [var kind, var ns, var name] => new ObjectRef(kind, ns, name),
            _ => null,
        };
    }

    private sealed class BaselineDocument
    {
        [JsonPropertyName("version")]
        public int Version { get; set; }

        [JsonPropertyName("tool")]
        public string Tool { get; set; } = "MeshLint";

        [JsonPropertyName("findings")]
        public List<BaselineEntry>? Findings { get; set; }
    }
}
