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

    public static RuleDescriptor DuplicateKey { get; } = new(
        Id: "ML9020", Name: "DuplicateKey", Mesh: Mesh.Tool, Category: Category.Tool,
        Title: "Map has a duplicate key",
        Description: "A key appears twice in the same map. Readers disagree on which value counts (MeshLint and most YAML libraries take the last one, some take the first, the API server's strict field validation rejects the object), so a second `mode:` can silently hide a weaker setting from a reviewer.",
        Remediation: "Delete one of the two keys and keep the value you mean.",
        DefaultSeverity: Severity.Error, Inputs: [], Tags: ["parse"]);

    public static RuleDescriptor AliasExpansion { get; } = new(
        Id: "ML9021", Name: "ExcessiveAliasing", Mesh: Mesh.Tool, Category: Category.Tool,
        Title: "YAML aliases expand beyond the limit",
        Description: "YAML anchors and aliases in the file expand into far more nodes than the file contains, the shape of a 'billion laughs' attack. The Kubernetes API server refuses such documents for the same reason; MeshLint stops reading the file at that alias.",
        Remediation: "Write the repeated content out, or use fewer nested aliases. Generated files should be rendered without anchors.",
        DefaultSeverity: Severity.Error, Inputs: [], Tags: ["parse", "limits"]);

    public static RuleDescriptor NestingTooDeep { get; } = new(
        Id: "ML9022", Name: "NestingTooDeep", Mesh: Mesh.Tool, Category: Category.Tool,
        Title: "Document nests too deeply",
        Description: "Maps and lists in the file nest deeper than any real manifest does. MeshLint stops reading the file there, so the rest of it is not checked; deep nesting is a way to make parsers slow or crash.",
        Remediation: "Flatten the structure. If a real manifest needs this depth, report it to the MeshLint maintainers.",
        DefaultSeverity: Severity.Error, Inputs: [], Tags: ["parse", "limits"]);

    public static RuleDescriptor FileTooLarge { get; } = new(
        Id: "ML9023", Name: "FileTooLarge", Mesh: Mesh.Tool, Category: Category.Tool,
        Title: "File is over the size limit",
        Description: "The file is larger than the size limit, so it was not read or checked. Real manifests are far smaller; very large files are usually generated output, data or an attempt to exhaust memory.",
        Remediation: "Raise the limit with --max-file-size (for example --max-file-size 64MB) if the file is a real manifest, or exclude it from the paths you check.",
        DefaultSeverity: Severity.Error, Inputs: [], Tags: ["file", "limits"]);

    public static RuleDescriptor NotText { get; } = new(
        Id: "ML9024", Name: "NotText", Mesh: Mesh.Tool, Category: Category.Tool,
        Title: "File is not UTF-8 or UTF-16 text",
        Description: "The file is binary or not in an encoding manifests use (UTF-8, or UTF-16 with a byte-order mark), so it was not checked. kubectl would reject it too.",
        Remediation: "Save the file as UTF-8, or rename it so it does not end in .yaml, .yml or .json if it is not a manifest.",
        DefaultSeverity: Severity.Error, Inputs: [], Tags: ["file"]);

    public static RuleDescriptor UnreadableFile { get; } = new(
        Id: "ML9025", Name: "UnreadableFile", Mesh: Mesh.Tool, Category: Category.Tool,
        Title: "File cannot be read",
        Description: "The file could not be opened or read (no permission, a symbolic link to nothing or a loop of links, an I/O error), so it was not checked.",
        Remediation: "Fix the permissions or the link, or leave the file out of the paths you check.",
        DefaultSeverity: Severity.Error, Inputs: [], Tags: ["file"]);

    public static RuleDescriptor Template { get; } = new(
        Id: "ML9026", Name: "TemplateSource", Mesh: Mesh.Tool, Category: Category.Tool,
        Title: "File is a template, not a manifest",
        Description: "The file is not valid YAML and contains Go template actions such as `{{ .Values.x }}` (a Helm chart template) or Terraform template directives such as `%{ if var.x }` (a `templatefile` source), so it is not YAML until it is rendered. MeshLint does not check template sources; it checks what they render to.",
        Remediation: "Check the rendered manifests instead: `helm template <release> <chart> | meshlint check -` (or the output of the Terraform template), and leave template folders out of the paths you check.",
        DefaultSeverity: Severity.Note, Inputs: [], Tags: ["parse"]);

    public static RuleDescriptor NotAnObject { get; } = new(
        Id: "ML9027", Name: "NotAnObject", Mesh: Mesh.Tool, Category: Category.Tool,
        Title: "Document is not a Kubernetes object",
        Description: "A document in a manifest stream is not a Kubernetes object: it lacks apiVersion or kind, or it is a bare list or value. kubectl apply rejects the whole file, and MeshLint cannot check the document.",
        Remediation: "Add the missing apiVersion or kind, or remove the stray document (often a misplaced `---` or text pasted after one).",
        DefaultSeverity: Severity.Error, Inputs: [], Tags: ["schema"]);

    public static RuleDescriptor LoaderFailure { get; } = new(
        Id: "ML9028", Name: "LoaderFailure", Mesh: Mesh.Tool, Category: Category.Tool,
        Title: "MeshLint failed to load a file",
        Description: "MeshLint met an internal error while reading this file. The other files were checked; objects in this one were not.",
        Remediation: "Report the message to the MeshLint maintainers together with the file (redact secrets).",
        DefaultSeverity: Severity.Error, Inputs: [], Tags: ["internal"]);

    public static RuleDescriptor LinkLoop { get; } = new(
        Id: "ML9029", Name: "FolderLinkLoop", Mesh: Mesh.Tool, Category: Category.Tool,
        Title: "Folder link leads back to a folder already searched",
        Description: "A symbolic link to a folder points at one of its own parents, so following it would search the same files forever. MeshLint searches each folder once and skips the link; every file was still checked.",
        Remediation: "Nothing to fix for MeshLint; remove the link if it is a mistake, or leave it out of the paths you check.",
        DefaultSeverity: Severity.Note, Inputs: [], Tags: ["file"]);

    public static ImmutableArray<RuleDescriptor> All { get; } =
    [
        ParseError, WrongFieldType, InvalidObject, RuleFailure, MalformedSuppression, UnusedSuppression,
        DuplicateKey, AliasExpansion, NestingTooDeep, FileTooLarge, NotText, UnreadableFile, Template, NotAnObject, LoaderFailure, LinkLoop,
    ];
}
