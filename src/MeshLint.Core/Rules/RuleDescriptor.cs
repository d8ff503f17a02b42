using System.Collections.Immutable;

namespace MeshLint.Core.Rules;

public enum Severity
{
    Note = 1,
    Warning = 2,
    Error = 3,
}

public enum Mesh
{
    Istio,
    Linkerd,
    Consul,
    Kubernetes,
    Tool,
}

public enum Category
{
    Security,
    Routing,
    Resilience,
    Configuration,
    Observability,
    Tool,
}

/// <summary>
/// Everything MeshLint says about a rule, declared once: the CLI's <c>rules</c> listing, rules/README.md, each
/// rule doc's title line, SARIF rule entries and the catalogue tests all read it.
/// </summary>
public sealed record RuleDescriptor(
    string Id,
    string Name,
    Mesh Mesh,
    Category Category,
    string Title,
    string Description,
    string Remediation,
    Severity DefaultSeverity,
    ImmutableArray<string> Inputs,
    double? SecuritySeverity = null,
    ImmutableArray<string> Equivalents = default,
    ImmutableArray<string> Tags = default,
    bool ClosedWorld = false,
    Severity? IncompleteSeverity = null)
{
    public const string DocsBaseUri = "https://github.com/meshlint/meshlint/blob/main/rules/";

    /// <summary>
    /// The severity of a closed-world finding (something the checked files do not hold) while <c>mesh.complete</c> is
    /// false: the missing object may well live elsewhere. <see cref="DefaultSeverity"/> applies when the files are
    /// declared complete, and to the rule's findings that do not depend on completeness.
    /// </summary>
    public Severity SeverityWhenIncomplete => IncompleteSeverity ?? DefaultSeverity;

    /// <summary>The rule's documentation page, derived from its id.</summary>
    public Uri HelpUri => new($"{DocsBaseUri}{Id}/README.md");

    public ImmutableArray<string> EquivalentCodes => Equivalents.IsDefault ? ImmutableArray<string>.Empty : Equivalents;

    public ImmutableArray<string> AllTags
    {
        get
        {
            var tags = ImmutableArray.CreateBuilder<string>();
            tags.Add(Mesh.ToString().ToLowerInvariant());
            tags.Add(Category.ToString().ToLowerInvariant());
            if (!Tags.IsDefault)
            {
                tags.AddRange(Tags);
            }

            return tags.Distinct(StringComparer.Ordinal).ToImmutableArray();
        }
    }
}
