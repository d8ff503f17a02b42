namespace MeshLint.Reporting.Audit;

// The audit report's data: everything a template shows is computed here, in C#, so templates only lay it out.
// Scriban exposes properties in snake_case (MeshWorkloadCount -> mesh_workload_count). Strings are raw manifest
// text: the renderer escapes every value it writes, for HTML or Markdown.

/// <summary>How a row or a value reads to a reviewer; templates turn it into a colour.</summary>
public static class Status
{
    public const string Good = "good";
    public const string Warn = "warn";
    public const string Bad = "bad";
    public const string Info = "info";
}

/// <summary>A place in a manifest.</summary>
public sealed record AuditLocation(string File, int Line, int Column)
{
    public string Text => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}

public sealed record AuditReport(
    string Title,
    string ToolVersion,
    string? GeneratedAt,
    IReadOnlyList<string> Inputs,
    int FileCount,
    int ObjectCount,
    AuditSummary Summary,
    MeshDefault MeshDefault,
    IReadOnlyList<NamespacePosture> Namespaces,
    IReadOnlyList<WorkloadPosture> Workloads,
    IReadOnlyList<IngressListener> Ingress,
    IReadOnlyList<ExposedService> ExposedServices,
    IReadOnlyList<AuditFinding> Findings,
    IReadOnlyList<AuditFinding> Suppressed,
    IReadOnlyList<string> Notifications)
{
    /// <summary>True when the files hold Istio objects or workloads, so the posture sections have something to say.</summary>
    public bool HasIstioPosture => Namespaces.Count > 0;
}

public sealed record AuditSummary(
    int Total,
    int Errors,
    int Warnings,
    int Notes,
    int Suppressed,
    int Fixable,
    IReadOnlyList<MeshCount> ByMesh,
    IReadOnlyList<RuleCount> TopRules,
    IReadOnlyList<KeyFact> KeyFacts);

public sealed record MeshCount(string Mesh, int Errors, int Warnings, int Notes)
{
    public int Total => Errors + Warnings + Notes;
}

public sealed record RuleCount(string Id, string Title, string Severity, int Count, string HelpUri);

/// <summary>One sentence a reviewer should read first, with how bad it is.</summary>
public sealed record KeyFact(string Text, string Status);

/// <summary>The mesh-wide mTLS default: the root namespace's PeerAuthentication, or Istio's built-in default.</summary>
public sealed record MeshDefault(string Mode, string DecidedBy, AuditLocation? Location, bool IsKnown, string Status);

public sealed record NamespacePosture(
    string Name,
    string Injection,
    int WorkloadCount,
    int MeshWorkloadCount,
    string MtlsMode,
    string EffectiveMtls,
    string MtlsDecidedBy,
    AuditLocation? MtlsLocation,
    string MtlsStatus,
    IReadOnlyList<MtlsOverride> Overrides,
    IReadOnlyList<PolicyRef> AuthorizationPolicies,
    int DefaultAllowCount,
    int AllowAnyCount,
    int AllowListedCount,
    int DenyAllCount,
    string Authorization,
    string AuthorizationStatus,
    int FindingCount);

/// <summary>A workload-level PeerAuthentication that overrides the namespace's mode for the workloads it selects.</summary>
public sealed record MtlsOverride(string Policy, string Selector, string Mode, IReadOnlyList<string> Ports, AuditLocation? Location, string Status);

public sealed record PolicyRef(string Kind, string Namespace, string Name, string Action, string Scope, AuditLocation? Location)
{
    public string Text => $"{Namespace}/{Name}";
}

public sealed record WorkloadPosture(
    string Namespace,
    string Kind,
    string Name,
    string ServiceAccount,
    bool InMesh,
    string Mesh,
    string MtlsMode,
    string MtlsDecidedBy,
    string MtlsStatus,
    IReadOnlyList<string> PortModes,
    string Authorization,
    string AuthorizationStatus,
    IReadOnlyList<PolicyRef> Allow,
    IReadOnlyList<PolicyRef> Deny,
    IReadOnlyList<PolicyRef> Custom,
    IReadOnlyList<PolicyRef> DryRun,
    IReadOnlyList<string> IngressGateways,
    AuditLocation? Location);

/// <summary>One server of an Istio Gateway or one listener of a Gateway API Gateway: a port the outside reaches.</summary>
public sealed record IngressListener(
    string GatewayKind,
    string Gateway,
    string Selector,
    string Port,
    string Protocol,
    IReadOnlyList<string> Hosts,
    string Tls,
    string TlsDetail,
    string TlsStatus,
    IReadOnlyList<string> Routes,
    IReadOnlyList<string> Backends,
    AuditLocation? Location);

/// <summary>A Service that the cloud or the nodes expose directly (LoadBalancer, NodePort), bypassing the mesh's gateways.</summary>
public sealed record ExposedService(string Namespace, string Name, string Type, IReadOnlyList<string> Ports, IReadOnlyList<string> Workloads, AuditLocation? Location);

public sealed record AuditFinding(
    string Severity,
    string RuleId,
    string RuleName,
    string RuleTitle,
    string Mesh,
    string Category,
    string Message,
    string? Object,
    AuditLocation? Location,
    string HelpUri,
    string Remediation,
    IReadOnlyList<AuditFix> Fixes,
    IReadOnlyList<string> Related,
    string? Suppression,
    string? BaselineState);

public sealed record AuditFix(string Description, IReadOnlyList<AuditEdit> Edits);

/// <summary>One edit of a fix: at a place, the text it replaces (empty for an insertion) and the text it writes.</summary>
public sealed record AuditEdit(string File, int Line, int Column, string Old, string New)
{
    public bool IsInsertion => Old.Length == 0;
}
