using System.Globalization;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using Microsoft.CodeAnalysis.Sarif;
using Newtonsoft.Json;
using CoreFix = MeshLint.Core.Rules.Fix;
using CoreSeverity = MeshLint.Core.Rules.Severity;
using SarifBaselineState = Microsoft.CodeAnalysis.Sarif.BaselineState;
using SarifFix = Microsoft.CodeAnalysis.Sarif.Fix;
using SarifReplacement = Microsoft.CodeAnalysis.Sarif.Replacement;
using SarifSuppressionKind = Microsoft.CodeAnalysis.Sarif.SuppressionKind;

namespace MeshLint.Reporting;

public sealed record SarifOptions
{
    /// <summary>The code scanning category (runAutomationDetails.id), so several MeshLint runs can coexist.</summary>
    public string? Category { get; init; }

    /// <summary>GitHub does not honour in-log suppressions, so logs meant for upload can leave suppressed results out.</summary>
    public bool IncludeSuppressed { get; init; } = true;
}

/// <summary>SARIF 2.1.0 through the SARIF SDK's object model; clean under the Multitool's Sarif and Gh rule kinds.</summary>
public sealed class SarifFormatter(SarifOptions? options = null) : IReportFormatter
{
    public const string SourceRoot = "%SRCROOT%";
    public const string FingerprintKey = "meshlint/v1";

    /// <summary>The result property naming the configured clusters whose analysis found it.</summary>
    public const string ClustersProperty = "clusters";

    /// <summary>The base of the artifact URIs of objects read from a cluster: their REST paths on its API server.</summary>
    public const string KubernetesApiRoot = "KUBERNETES_API";

    private readonly SarifOptions options = options ?? new SarifOptions();

    public void Write(ReportInput input, TextWriter writer)
    {
        var log = Build(input);
        var serializer = new JsonSerializer { Formatting = Formatting.Indented, NullValueHandling = NullValueHandling.Ignore };
        serializer.Serialize(writer, log);
        writer.WriteLine();
    }

    public SarifLog Build(ReportInput input)
    {
        var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var rules = new List<ReportingDescriptor>();
        foreach (var descriptor in input.Rules)
        {
            ruleIndex[descriptor.Id] = rules.Count;
            rules.Add(Describe(descriptor, input.Documentation(descriptor.Id)));
        }

        var results = new List<Result>();
        var notifications = new List<Notification>();
        foreach (var finding in input.Findings)
        {
            if (finding.IsSuppressed && !options.IncludeSuppressed)
            {
                continue;
            }

            if (!finding.Location.HasFile && finding.Object is null)
            {
                // Not about a place in the configuration (a rule that failed): a notification, not a result.
                notifications.Add(new Notification
                {
                    Level = FailureLevel.Error,
                    Message = new Message { Text = finding.Message },
                    Descriptor = new ReportingDescriptorReference { Id = finding.RuleId },
                });
                continue;
            }

            results.Add(ToResult(finding, ruleIndex, input));
        }

        notifications.AddRange(input.Notifications.Select(n => new Notification { Level = FailureLevel.Warning, Message = new Message { Text = n } }));

        var run = new Run
        {
            Tool = new Tool
            {
                Driver = new ToolComponent
                {
                    Name = "MeshLint",
                    FullName = $"MeshLint {input.ToolVersion}",
                    Version = input.ToolVersion,
                    SemanticVersion = input.ToolVersion,
                    InformationUri = new Uri("https://github.com/meshlint/meshlint"),
                    Rules = rules,
                },
            },
            OriginalUriBaseIds = new Dictionary<string, ArtifactLocation>
            {
                [SourceRoot] = new ArtifactLocation { Uri = DirectoryUri(input.BaseDirectory) },
            },
            ColumnKind = ColumnKind.Utf16CodeUnits,
            Results = results,
            Invocations =
            [
                new Invocation
                {
                    ExecutionSuccessful = true,
                    ToolExecutionNotifications = notifications.Count > 0 ? notifications : null,
                },
            ],
        };
        if (input.Cluster is { } cluster)
        {
            run.OriginalUriBaseIds[KubernetesApiRoot] = new ArtifactLocation { Uri = new Uri(cluster.Server.TrimEnd('/') + "/") };
            run.SetProperty("kubernetesApiServer", cluster.Server);
            if (cluster.Context is not null)
            {
                run.SetProperty("kubernetesContext", cluster.Context);
            }

            if (cluster.ServerVersion is not null)
            {
                run.SetProperty("kubernetesVersion", cluster.ServerVersion);
            }
        }

        if (!string.IsNullOrEmpty(options.Category))
        {
            run.AutomationDetails = new RunAutomationDetails { Id = options.Category.EndsWith('/') ? options.Category : options.Category + "/" };
        }

        return new SarifLog
        {
            Version = SarifVersion.Current,
            SchemaUri = new Uri("https://json.schemastore.org/sarif-2.1.0.json"),
            Runs = [run],
        };
    }

    private static ReportingDescriptor Describe(RuleDescriptor rule, string? markdown)
    {
        var descriptor = new ReportingDescriptor
        {
            Id = rule.Id,
            Name = rule.Name,
            ShortDescription = new MultiformatMessageString { Text = rule.Title },
            FullDescription = new MultiformatMessageString { Text = rule.Description },
            Help = new MultiformatMessageString { Text = rule.Remediation, Markdown = markdown ?? $"**Fix:** {rule.Remediation}" },
            HelpUri = rule.HelpUri,
            DefaultConfiguration = new ReportingConfiguration { Level = Level(rule.DefaultSeverity) },
        };
        descriptor.SetProperty("tags", rule.AllTags.ToList());
        descriptor.SetProperty("precision", rule.ClosedWorld ? "medium" : "high");
        descriptor.SetProperty("problem.severity", rule.DefaultSeverity switch
        {
            CoreSeverity.Error => "error",
            CoreSeverity.Warning => "warning",
            _ => "recommendation",
        });
        if (rule.SecuritySeverity is { } score)
        {
            descriptor.SetProperty("security-severity", score.ToString("0.0", CultureInfo.InvariantCulture));
        }

        if (!rule.EquivalentCodes.IsEmpty)
        {
            descriptor.SetProperty("equivalents", rule.EquivalentCodes.ToList());
        }

        return descriptor;
    }

    private static Result ToResult(Finding finding, Dictionary<string, int> ruleIndex, ReportInput input)
    {
        var baseDirectory = input.BaseDirectory;
        var result = new Result
        {
            RuleId = finding.RuleId,
            RuleIndex = ruleIndex.TryGetValue(finding.RuleId, out var index) ? index : -1,
            Level = Level(finding.Severity),
            Message = new Message { Text = finding.Message },
            Locations = [Locate(finding.Location, finding.Object, input)],
        };
        if (!finding.ClusterScopes.IsDefaultOrEmpty)
        {
            // The configured clusters whose analysis found it (the message stays the same in each).
            result.SetProperty(ClustersProperty, finding.ClusterScopes.ToList());
        }

        if (finding.Fingerprint is not null)
        {
            result.PartialFingerprints = new Dictionary<string, string> { [FingerprintKey] = finding.Fingerprint };
        }

        if (!finding.Related.IsDefaultOrEmpty)
        {
            result.RelatedLocations = finding.Related
                .Where(r => r.Span.IsKnown || r.Object is not null)
                .Select((r, i) =>
                {
                    var location = Locate(r.Span, r.Object, input);
                    location.Id = i + 1;
                    location.Message = new Message { Text = r.Message };
                    return location;
                })
                .ToList();
        }

        if (!finding.Fixes.IsDefaultOrEmpty)
        {
            result.Fixes = finding.Fixes.Select(f => ToFix(f, baseDirectory)).ToList();
        }

        if (finding.Suppression is { } suppression)
        {
            result.Suppressions =
            [
                new Suppression
                {
                    Kind = suppression.Kind == Core.Rules.SuppressionKind.InSource ? SarifSuppressionKind.InSource : SarifSuppressionKind.External,
                    Status = SuppressionStatus.Accepted,
                    Justification = suppression.Justification,
                },
            ];
        }

        if (finding.BaselineState is { } state)
        {
            result.BaselineState = state switch
            {
                Core.Rules.BaselineState.New => SarifBaselineState.New,
                Core.Rules.BaselineState.Unchanged => SarifBaselineState.Unchanged,
                _ => SarifBaselineState.Absent,
            };
        }

        return result;
    }

    private static SarifFix ToFix(CoreFix fix, string baseDirectory) => new()
    {
        Description = new Message { Text = fix.Description },
        ArtifactChanges = fix.Replacements
            .GroupBy(r => r.Span.File, StringComparer.Ordinal)
            .Select(g => new ArtifactChange
            {
                ArtifactLocation = Artifact(g.Key, baseDirectory),
                Replacements = g.Select(r => new SarifReplacement
                {
                    DeletedRegion = ReplacementRegion(r.Span),
                    InsertedContent = new ArtifactContent { Text = r.Text },
                }).ToList(),
            })
            .ToList(),
    };

    private static Location Locate(SourceSpan span, ObjectRef? obj, ReportInput input)
    {
        var location = new Location();
        if (span.HasFile && span.IsKnown)
        {
            location.PhysicalLocation = new PhysicalLocation { ArtifactLocation = Artifact(span.File, input.BaseDirectory), Region = Region(span) };
        }
        else if (obj is { } live && input.Cluster?.PathOf(live) is { } path)
        {
            // An object read from a cluster has no file. GitHub code scanning wants an artifact URI (GH1001), so the
            // object's REST path under the API server stands for it: GET on it returns the object as one line of JSON.
            location.PhysicalLocation = new PhysicalLocation
            {
                ArtifactLocation = new ArtifactLocation { Uri = new Uri(path, UriKind.Relative), UriBaseId = KubernetesApiRoot },
                Region = new Region { StartLine = 1, EndLine = 1 },
            };
        }

        if (obj is { } reference)
        {
            location.LogicalLocations =
            [
                new LogicalLocation { Name = reference.Name, FullyQualifiedName = reference.ToString(), Kind = "resource" },
            ];
        }

        return location;
    }

    private static Region Region(SourceSpan span) => new()
    {
        StartLine = span.StartLine,
        StartColumn = span.StartColumn,
        EndLine = Math.Max(span.EndLine, span.StartLine),
        EndColumn = span.EndLine > span.StartLine || span.EndColumn > span.StartColumn ? span.EndColumn : span.StartColumn + 1,
    };

    /// <summary>Exactly the characters a fix replaces (end column exclusive); an insertion is an empty region.</summary>
    private static Region ReplacementRegion(SourceSpan span) => new()
    {
        StartLine = span.StartLine,
        StartColumn = span.StartColumn,
        EndLine = span.EndLine,
        EndColumn = span.EndColumn,
    };

    /// <summary>Relative paths go under %SRCROOT%; files outside the working directory keep an absolute file URI.</summary>
    private static ArtifactLocation Artifact(string path, string baseDirectory)
    {
        if (Path.IsPathRooted(path))
        {
            return new ArtifactLocation { Uri = new Uri(path) };
        }

        var escaped = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        return new ArtifactLocation { Uri = new Uri(escaped, UriKind.Relative), UriBaseId = SourceRoot };
    }

    private static Uri DirectoryUri(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (!full.EndsWith(Path.DirectorySeparatorChar))
        {
            full += Path.DirectorySeparatorChar;
        }

        return new Uri(full);
    }

    private static FailureLevel Level(CoreSeverity severity) => severity switch
    {
        CoreSeverity.Error => FailureLevel.Error,
        CoreSeverity.Warning => FailureLevel.Warning,
        _ => FailureLevel.Note,
    };
}
