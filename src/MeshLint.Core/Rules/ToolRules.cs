using System.Collections.Immutable;

namespace MeshLint.Core.Rules;

/// <summary>Descriptors of what MeshLint itself reports (ML9xxx): the loader and the engine emit these.</summary>
public static class ToolRules
{
    public static RuleDescriptor ParseError { get; } = new(
        Id: "ML9001", Name: "YamlParseError", Mesh: Mesh.Tool, Category: Category.Tool,
        Title: "File is not valid YAML or JSON",
        Description: "The file could not be parsed, so none of the objects after the error were checked. Kubernetes would reject the file as well.",
        Remediation: "Fix the syntax at the reported position (indentation, an unclosed quote or bracket, a tab used for indentation) and run MeshLint again.",
        DefaultSeverity: Severity.Error, Inputs: [], Tags: ["parse"]);

    public static RuleDescriptor WrongFieldType { get; } = new(
        Id: "ML9002", Name: "FieldTypeMismatch", Mesh: Mesh.Tool, Category: Category.Tool,
        Title: "Field has the wrong type",
        Description: "A field holds a value of a type its API does not accept (a list where a map belongs, a string where a number belongs). The API server would reject the object, and MeshLint ignores the field when it checks the rest.",
        Remediation: "Give the field a value of the type its API reference documents.",
        DefaultSeverity: Severity.Error, Inputs: [], Equivalents: ["IST0106"], Tags: ["schema"]);

    public static RuleDescriptor InvalidObject { get; } = new(
        Id: "ML9003", Name: "InvalidObject", Mesh: Mesh.Tool, Category: Category.Tool,
        Title: "Object is missing its identity",
        Description: "A document has apiVersion and kind but no usable metadata.name (or a kind that is not a string), so it cannot be applied and cannot be checked.",
        Remediation: "Give the object a metadata.name (and metadata.namespace for namespaced kinds).",
        DefaultSeverity: Severity.Error, Inputs: [], Tags: ["schema"]);

    public static RuleDescriptor RuleFailure { get; } = new(
        Id: "ML9004", Name: "RuleFailure", Mesh: Mesh.Tool, Category: Category.Tool,
        Title: "A rule failed on this input",
        Description: "A rule threw an internal error while checking the configuration. The other rules ran; this rule's results are incomplete.",
        Remediation: "Report the message to the MeshLint maintainers together with the manifest (redact secrets). Disable the rule in .meshlint.yaml meanwhile if it blocks you.",
        DefaultSeverity: Severity.Error, Inputs: [], Tags: ["internal"]);

    public static RuleDescriptor MalformedSuppression { get; } = new(
        Id: "ML9010", Name: "MalformedSuppression", Mesh: Mesh.Tool, Category: Category.Tool,
        Title: "Suppression cannot be applied as written",
        Description: "A meshlint-ignore comment or meshlint.io/ignore annotation has no reason, no rule id, or names a rule MeshLint does not have, so it suppresses nothing. A suppression without a reason hides a problem from the next reviewer.",
        Remediation: "Write it as '# meshlint-ignore ML1001 -- reason' or 'meshlint.io/ignore: \"ML1001: reason\"' with an existing rule id and a reason.",
        DefaultSeverity: Severity.Error, Inputs: [], Tags: ["suppression"]);

    public static RuleDescriptor UnusedSuppression { get; } = new(
        Id: "ML9011", Name: "UnusedSuppression", Mesh: Mesh.Tool, Category: Category.Tool,
        Title: "Suppression matches no finding",
        Description: "A meshlint-ignore comment or meshlint.io/ignore annotation names a rule that reports nothing where it applies. The problem was fixed or moved; a stale suppression would silently hide it if it came back.",
        Remediation: "Remove the suppression, or move it onto the line (or object) that the finding is reported on.",
        DefaultSeverity: Severity.Warning, Inputs: [], Tags: ["suppression"]);

    public static ImmutableArray<RuleDescriptor> All { get; } = [ParseError, WrongFieldType, InvalidObject, RuleFailure, MalformedSuppression, UnusedSuppression];
}
