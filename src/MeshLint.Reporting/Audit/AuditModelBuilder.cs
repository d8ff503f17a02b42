using System.Globalization;
using MeshLint.Core.Index;
using MeshLint.Core.Model;
using MeshLint.Core.Model.GatewayApi;
using MeshLint.Core.Model.Istio;
using MeshLint.Core.Model.Kubernetes;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;

namespace MeshLint.Reporting.Audit;

/// <summary>Computes the audit report from the findings and the indexed mesh. All mesh meaning comes from Core/Semantics.</summary>
public static class AuditModelBuilder
{
    public static AuditReport Build(ReportInput input)
    {
        var descriptors = input.Rules.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var index = input.Index ?? new MeshIndex([]);
        var sources = input.Sources ?? new Dictionary<string, string>();
        var texts = new Dictionary<string, SourceText>(StringComparer.Ordinal);

        var active = input.Findings.Where(f => !f.IsSuppressed)
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.Location.File, StringComparer.Ordinal)
            .ThenBy(f => f.Location.StartLine)
            .ThenBy(f => f.Location.StartColumn)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .Select(f => Finding(f, descriptors, sources, texts))
            .ToList();
        var suppressed = input.Findings.Where(f => f.IsSuppressed).Select(f => Finding(f, descriptors, sources, texts)).ToList();

        var namespaces = IstioNamespaces(index);
        var backends = IstioGateways.IngressBackends(index);
        var workloads = namespaces.SelectMany(ns => index.WorkloadsIn(ns)).Select(w => Workload(w, index, backends)).ToList();
        var namespacePostures = namespaces.Select(ns => Namespace(ns, index, workloads, input.Findings)).ToList();
        var ingress = IstioIngress(index, backends).Concat(GatewayApiIngress(index, backends)).ToList();
        var exposed = ExposedServices(index);
        var meshDefault = MeshDefaultOf(index);
        var summary = Summary(input, descriptors, active, suppressed.Count, namespacePostures, workloads, ingress, exposed, meshDefault);

        return new AuditReport(
            "MeshLint audit report",
            input.ToolVersion,
            input.GeneratedAt?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            input.Inputs,
            input.FileCount,
            input.ObjectCount,
            summary,
            meshDefault,
            namespacePostures,
            workloads,
            ingress,
            exposed,
            active,
            suppressed,
            input.Notifications);
    }

    /// <summary>Namespaces Istio's posture is about: ones with Istio workloads or policies, or labelled for Istio. The root namespace only with workloads.</summary>
    private static List<string> IstioNamespaces(MeshIndex index)
    {
        var root = index.Settings.IstioRootNamespace;
        return index.NamespaceNames
            .Where(ns =>
                index.WorkloadsIn(ns).Any(w => IstioInjection.IsInMesh(w, index)) ||
                (ns != root && (!index.InNamespace<PeerAuthentication>(ns).IsEmpty || !index.InNamespace<AuthorizationPolicy>(ns).IsEmpty)) ||
                IstioInjection.NamespaceState(index.Namespace(ns)) != InjectionState.Unknown)
            .ToList();
    }

    private static MeshDefault MeshDefaultOf(MeshIndex index)
    {
        var decision = IstioMtls.ForMesh(index);
        if (decision.DecidedBy is { } policy)
        {
            return new MeshDefault(decision.Mode, $"PeerAuthentication {policy.Namespace}/{policy.Name}", Locate(decision.Field?.Span ?? policy.NameSpan), true, MtlsStatus(decision.Mode));
        }

        return decision.IsKnown
            ? new MeshDefault("none", $"no PeerAuthentication in {index.Settings.IstioRootNamespace}: Istio's default ({IstioMtls.DefaultMode}) applies", null, true, Status.Warn)
            : new MeshDefault("unknown", $"no PeerAuthentication in {index.Settings.IstioRootNamespace} in these files; the mesh-wide policy may be defined elsewhere", null, false, Status.Info);
    }

    private static NamespacePosture Namespace(string ns, MeshIndex index, List<WorkloadPosture> workloads, IEnumerable<Finding> findings)
    {
        var decision = IstioMtls.ForNamespace(ns, index);
        var mode = decision.DecidedBy is null ? "none" : decision.Mode;
        var decidedBy = decision.DecidedBy is { } pa
            ? $"PeerAuthentication {pa.Namespace}/{pa.Name} ({(decision.Scope == PolicyScope.Mesh ? "mesh-wide" : "namespace")})"
            : decision.IsKnown ? $"no PeerAuthentication: Istio's default ({IstioMtls.DefaultMode})" : "no PeerAuthentication in these files";
        var overrides = index.OfType<PeerAuthentication>()
            .Where(p => p.Namespace == ns && IstioPolicies.ScopeOf(p.Selector, p.Namespace, index.Settings) == PolicyScope.Workload)
            .Select(p =>
            {
                var own = p.MtlsMode is { } m && IstioMtls.IsSet(m.Value) ? m.Value : "UNSET";
                var ports = p.PortLevelMtls.Select(port => $"{port.Port.Value}: {port.Mode?.Value ?? "UNSET"}").ToList();
                var weakest = new[] { own }.Concat(p.PortLevelMtls.Select(port => port.Mode?.Value ?? "UNSET")).Select(MtlsStatus).ToList();
                return new MtlsOverride($"{p.Namespace}/{p.Name}", p.Selector!.Labels.ToString(), own, ports, Locate(p.MtlsMode?.Span ?? p.NameSpan), Worst(weakest));
            })
            .ToList();

        var inNamespace = workloads.Where(w => w.Namespace == ns).ToList();
        var meshWorkloads = inNamespace.Where(w => w.InMesh).ToList();
        var defaultAllow = meshWorkloads.Count(w => w.Authorization == AuthorizationText(AuthorizationDefault.AllowAll));
        var denyAll = meshWorkloads.Count(w => w.Authorization == AuthorizationText(AuthorizationDefault.DenyAll));
        var allowAny = meshWorkloads.Count(w => w.Authorization == AllowsAnyRequest);
        var allowListed = meshWorkloads.Count - defaultAllow - denyAll - allowAny;
        var policies = IstioPolicies.NamespaceWideAuthorizationPolicies(ns, index).Select(p => PolicyRefOf(p, index)).ToList();
        var (authorization, authorizationStatus) = meshWorkloads.Count switch
        {
            0 => ("no workloads in the mesh", Status.Info),
            _ when meshWorkloads.Any(w => w.AuthorizationStatus == Status.Bad) => ($"{Count(meshWorkloads.Count(w => w.AuthorizationStatus == Status.Bad), "workload")} of {meshWorkloads.Count.ToString(CultureInfo.InvariantCulture)} allow any request", Status.Bad),
            _ when defaultAllow > 0 => ($"default allow for {defaultAllow.ToString(CultureInfo.InvariantCulture)} of {Count(meshWorkloads.Count, "workload")}", Status.Warn),
            _ => ($"all {Count(meshWorkloads.Count, "workload")} covered", Status.Good),
        };

        return new NamespacePosture(
            ns,
            InjectionOf(index.Namespace(ns)),
            inNamespace.Count,
            meshWorkloads.Count,
            mode,
            decision.Mode,
            decidedBy,
            decision.DecidedBy is null ? null : Locate(decision.Field?.Span ?? decision.DecidedBy.NameSpan),
            decision.DecidedBy is null && !decision.IsKnown ? Status.Info : MtlsStatus(decision.Mode),
            overrides,
            policies,
            defaultAllow,
            allowAny,
            allowListed,
            denyAll,
            authorization,
            authorizationStatus,
            findings.Count(f => !f.IsSuppressed && f.Object?.Namespace == ns));
    }

    private static string InjectionOf(Namespace? ns)
    {
        if (ns is null)
        {
            return "namespace not declared";
        }

        if (ns.Labels[IstioInjection.NamespaceLabel] is { } label)
        {
            return label == "enabled" ? "sidecar" : $"disabled ({IstioInjection.NamespaceLabel}={label})";
        }

        if (ns.Labels[IstioInjection.DataplaneModeLabel] == "ambient")
        {
            return "ambient";
        }

        return ns.Labels[IstioInjection.RevisionLabel] is { } revision ? $"sidecar (revision {revision})" : "not labelled";
    }

    private static WorkloadPosture Workload(Workload workload, MeshIndex index, IReadOnlyList<IngressBackend> backends)
    {
        var inMesh = IstioInjection.IsInMesh(workload, index);
        var ns = workload.Namespace ?? "default";
        var meshKind = !inMesh ? "not in mesh"
            : index.Namespace(ns)?.Labels[IstioInjection.DataplaneModeLabel] == "ambient" ? "ambient"
            : "sidecar";

        string mode, decidedBy, mtlsStatus;
        var portModes = new List<string>();
        if (inMesh)
        {
            var decision = IstioMtls.For(workload, index);
            mode = decision.Mode;
            decidedBy = decision.DecidedBy is { } pa ? $"{pa.Namespace}/{pa.Name}" : "Istio's default";
            mtlsStatus = MtlsStatus(mode);
            foreach (var port in workload.Template.Containers.SelectMany(c => c.Ports).Select(p => p.Port?.Value).OfType<long>().Distinct())
            {
                var portDecision = IstioMtls.For(workload, index, port);
                if (portDecision.Mode != mode)
                {
                    portModes.Add($"{port.ToString(CultureInfo.InvariantCulture)}: {portDecision.Mode}");
                    mtlsStatus = Worst([mtlsStatus, MtlsStatus(portDecision.Mode)]);
                }
            }
        }
        else
        {
            mode = "no sidecar";
            decidedBy = "not in the mesh: plaintext, no policy enforced";
            mtlsStatus = Status.Warn;
        }

        var coverage = IstioPolicies.AuthorizationFor(workload, index);
        var authorization = AuthorizationText(coverage.Default);
        var authorizationStatus = coverage.Default switch
        {
            AuthorizationDefault.AllowAll => Status.Warn,
            AuthorizationDefault.DenyAll => Status.Good,
            _ => coverage.AllowingEverything.IsEmpty ? Status.Good : Status.Bad,
        };
        if (coverage.Default == AuthorizationDefault.AllowListed && !coverage.AllowingEverything.IsEmpty)
        {
            authorization = AllowsAnyRequest;
        }

        if (!inMesh)
        {
            authorization = "not enforced (no sidecar)";
            authorizationStatus = Status.Warn;
        }

        var hosts = index.ServicesSelecting(workload).Select(s => Hosts.ServiceFqdn(s.Name, s.Namespace ?? "default", index.Settings.ClusterDomain)).ToHashSet(StringComparer.Ordinal);
        var gateways = backends.Where(b => hosts.Contains(b.Host)).Select(b => b.Gateway).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        return new WorkloadPosture(
            ns,
            workload.Kind,
            workload.Name,
            workload.Template.ServiceAccount,
            inMesh,
            meshKind,
            mode,
            decidedBy,
            mtlsStatus,
            portModes,
            authorization,
            authorizationStatus,
            coverage.Allow.Select(p => PolicyRefOf(p, index)).ToList(),
            coverage.Deny.Select(p => PolicyRefOf(p, index)).ToList(),
            coverage.Custom.Select(p => PolicyRefOf(p, index)).ToList(),
            coverage.DryRun.Select(p => PolicyRefOf(p, index)).ToList(),
            gateways,
            Locate(workload.NameSpan));
    }

    private const string AllowsAnyRequest = "allows any request";

    private static string AuthorizationText(AuthorizationDefault value) => value switch
    {
        AuthorizationDefault.AllowAll => "default allow",
        AuthorizationDefault.DenyAll => "deny all",
        _ => "allow-listed",
    };

    private static PolicyRef PolicyRefOf(AuthorizationPolicy policy, MeshIndex index) => new(
        policy.Kind,
        policy.Namespace ?? "default",
        policy.Name,
        policy.Action,
        IstioPolicies.ScopeOf(policy.Selector, policy.Namespace, index.Settings) switch
        {
            PolicyScope.Mesh => "mesh-wide",
            PolicyScope.Namespace => "namespace",
            _ => "workload",
        },
        Locate(policy.NameSpan));

    private static IEnumerable<IngressListener> IstioIngress(MeshIndex index, IReadOnlyList<IngressBackend> backends)
    {
        foreach (var gateway in index.OfType<Gateway>().Where(g => !IstioGateways.IsEgress(g)))
        {
            var key = $"{gateway.Namespace}/{gateway.Name}";
            var bound = index.OfType<VirtualService>()
                .Where(vs => GatewayBindings.Of(vs, index).Any(b => ReferenceEquals(b.IstioGateway, gateway)))
                .ToList();
            foreach (var server in gateway.Servers)
            {
                var protocol = server.Port?.Protocol?.Value?.ToUpperInvariant() ?? "HTTP";
                var hosts = server.Hosts.Select(h => h.Value).ToList();
                var routes = bound.Where(vs => vs.Hosts.Any(h => hosts.Any(s => Hosts.Overlap(StripNamespace(s), h.Value)))).ToList();
                var (tls, tlsDetail, tlsStatus) = IstioServerTls(protocol, server.Tls);
                yield return new IngressListener(
                    "Istio Gateway",
                    key,
                    gateway.Selector?.ToString() ?? string.Empty,
                    server.Port?.Number?.Value.ToString(CultureInfo.InvariantCulture) ?? "?",
                    protocol,
                    hosts,
                    tls,
                    tlsDetail,
                    tlsStatus,
                    routes.Select(r => $"VirtualService {r.Namespace}/{r.Name}").ToList(),
                    backends.Where(b => b.Gateway == key && routes.Any(r => ReferenceEquals(r, b.Route))).Select(b => b.Host).Distinct(StringComparer.Ordinal).ToList(),
                    Locate(server.Port?.Number?.Span ?? server.Span));
            }
        }
    }

    private static string StripNamespace(string host)
    {
        var slash = host.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? host : host[(slash + 1)..];
    }

    private static (string Mode, string Detail, string Status) IstioServerTls(string protocol, ServerTls? tls)
    {
        if (tls?.HttpsRedirect?.Value == true)
        {
            return ("redirect to HTTPS", "plain HTTP only answers with a redirect", Status.Good);
        }

        var mode = tls?.Mode?.Value;
        if (mode is null)
        {
            return protocol is "HTTPS" or "TLS"
                ? ("no TLS mode", $"a {protocol} server without tls.mode", Status.Bad)
                : ("plaintext", "no TLS and no redirect", Status.Bad);
        }

        var details = new List<string>();
        if (tls!.CredentialName?.Value is { } credential)
        {
            details.Add($"certificate {credential}");
        }

        if (tls.MinProtocolVersion?.Value is { } min)
        {
            details.Add($"minimum {min}");
        }

        if (mode is "PASSTHROUGH" or "AUTO_PASSTHROUGH")
        {
            details.Add("TLS ends at the backend");
        }

        var status = mode switch
        {
            "PASSTHROUGH" or "AUTO_PASSTHROUGH" => Status.Info,
            "SIMPLE" or "MUTUAL" or "ISTIO_MUTUAL" or "OPTIONAL_MUTUAL" => Status.Good,
            _ => Status.Warn,
        };
        if (tls.MinProtocolVersion?.Value is "TLSV1_0" or "TLSV1_1")
        {
            status = Status.Warn;
        }

        return (mode, string.Join(", ", details), status);
    }

    private static IEnumerable<IngressListener> GatewayApiIngress(MeshIndex index, IReadOnlyList<IngressBackend> backends)
    {
        var routes = index.OfType<GatewayApiRoute>();
        foreach (var gateway in index.OfType<KubernetesGateway>())
        {
            var key = $"{gateway.Namespace}/{gateway.Name}";
            foreach (var listener in gateway.Listeners)
            {
                var protocol = listener.Protocol?.Value?.ToUpperInvariant() ?? "?";
                var attached = routes.Where(r => r.ParentRefs.Any(p =>
                    p.IsGateway && p.Name.Value == gateway.Name && p.NamespaceOr(r.Namespace ?? "default") == gateway.Namespace &&
                    (p.SectionName is null || p.SectionName.Value.Value == listener.Name?.Value))).ToList();
                var certificates = listener.CertificateRefs.Select(c => c.Name.Value).ToList();
                var (tls, detail, status) = protocol switch
                {
                    "HTTPS" or "TLS" when (listener.TlsMode?.Value ?? "Terminate") == "Passthrough" => ("Passthrough", "TLS ends at the backend", Status.Info),
                    "HTTPS" or "TLS" when certificates.Count > 0 => (listener.TlsMode?.Value ?? "Terminate", $"certificate {string.Join(", ", certificates)}", Status.Good),
                    "HTTPS" or "TLS" => ("no certificate", $"a {protocol} listener without certificateRefs", Status.Bad),
                    _ => ("plaintext", "redirects, if any, are in the routes", Status.Warn),
                };
                yield return new IngressListener(
                    "Gateway API",
                    key,
                    gateway.GatewayClassName is { } className ? $"class {className.Value}" : string.Empty,
                    listener.Port?.Value.ToString(CultureInfo.InvariantCulture) ?? "?",
                    protocol,
                    [listener.Hostname?.Value ?? "*"],
                    tls,
                    detail,
                    status,
                    attached.Select(r => $"{r.Kind} {r.Namespace}/{r.Name}").ToList(),
                    backends.Where(b => attached.Any(r => ReferenceEquals(r, b.Route))).Select(b => b.Host).Distinct(StringComparer.Ordinal).ToList(),
                    Locate(listener.Port?.Span ?? listener.Span));
            }
        }
    }

    private static List<ExposedService> ExposedServices(MeshIndex index) =>
        index.OfType<Service>()
            .Where(s => s.ServiceType is "LoadBalancer" or "NodePort")
            .Select(s => new ExposedService(
                s.Namespace ?? "default",
                s.Name,
                s.ServiceType,
                s.Ports.Select(p => $"{p.Port?.Value.ToString(CultureInfo.InvariantCulture) ?? "?"}/{p.Protocol?.Value ?? "TCP"}").ToList(),
                s.Selector is { IsEmpty: false } selector
                    ? index.WorkloadsIn(s.Namespace ?? "default").Where(w => selector.IsSubsetOf(w.Template.Labels)).Select(w => $"{w.Kind} {w.Name}").ToList()
                    : [],
                Locate(s.Type?.Span ?? s.NameSpan)))
            .ToList();

    private static AuditSummary Summary(
        ReportInput input,
        Dictionary<string, RuleDescriptor> descriptors,
        List<AuditFinding> active,
        int suppressed,
        List<NamespacePosture> namespaces,
        List<WorkloadPosture> workloads,
        List<IngressListener> ingress,
        List<ExposedService> exposed,
        MeshDefault meshDefault)
    {
        var findings = input.Findings.Where(f => !f.IsSuppressed).ToList();
        var byMesh = findings
            .GroupBy(f => descriptors.TryGetValue(f.RuleId, out var d) ? d.Mesh : Mesh.Tool)
            .OrderBy(g => g.Key)
            .Select(g => new MeshCount(MeshName(g.Key), g.Count(f => f.Severity == Severity.Error), g.Count(f => f.Severity == Severity.Warning), g.Count(f => f.Severity == Severity.Note)))
            .ToList();
        var topRules = findings
            .GroupBy(f => f.RuleId, StringComparer.Ordinal)
            .Select(g => (Descriptor: descriptors.GetValueOrDefault(g.Key), Id: g.Key, Count: g.Count(), Severity: g.Max(f => f.Severity)))
            .OrderByDescending(r => r.Severity)
            .ThenByDescending(r => r.Count)
            .ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => new RuleCount(r.Id, r.Descriptor?.Title ?? r.Id, r.Severity.Name(), r.Count, r.Descriptor?.HelpUri.ToString() ?? string.Empty))
            .ToList();

        var facts = new List<KeyFact>();
        if (namespaces.Count > 0)
        {
            var plaintext = namespaces.Where(n => n.EffectiveMtls != "STRICT").ToList();
            facts.Add(plaintext.Count == 0
                ? new KeyFact(namespaces.Count == 1 ? $"Namespace {namespaces[0].Name} requires mutual TLS (STRICT)." : $"All {Count(namespaces.Count, "namespace")} require mutual TLS (STRICT).", Status.Good)
                : new KeyFact(
                    $"{plaintext.Count.ToString(CultureInfo.InvariantCulture)} of {Count(namespaces.Count, "namespace")} accept plaintext: {string.Join(", ", plaintext.Select(n => $"{n.Name} ({n.MtlsMode})"))}.",
                    plaintext.Any(n => n.EffectiveMtls == "DISABLE") ? Status.Bad : Status.Warn));
            facts.Add(new KeyFact($"Mesh-wide mTLS default: {meshDefault.Mode} ({meshDefault.DecidedBy}).", meshDefault.Status));

            var overridesWeak = namespaces.SelectMany(n => n.Overrides).Where(o => o.Status != Status.Good).ToList();
            if (overridesWeak.Count > 0)
            {
                facts.Add(new KeyFact($"{Count(overridesWeak.Count, "workload-level PeerAuthentication")} weaken mTLS for selected workloads or ports: {string.Join(", ", overridesWeak.Select(o => o.Policy))}.", Status.Warn));
            }

            var meshWorkloads = workloads.Where(w => w.InMesh).ToList();
            var open = meshWorkloads.Where(w => w.AuthorizationStatus != Status.Good).ToList();
            if (meshWorkloads.Count > 0)
            {
                facts.Add(open.Count == 0
                    ? new KeyFact($"All {Count(meshWorkloads.Count, "mesh workload")} are covered by ALLOW policies (or deny all).", Status.Good)
                    : new KeyFact(
                        $"{open.Count.ToString(CultureInfo.InvariantCulture)} of {Count(meshWorkloads.Count, "mesh workload")} accept requests from anyone: {string.Join(", ", open.Select(w => $"{w.Namespace}/{w.Name} ({w.Authorization})"))}.",
                        open.Any(w => w.AuthorizationStatus == Status.Bad) ? Status.Bad : Status.Warn));
            }

            var outside = workloads.Where(w => !w.InMesh).ToList();
            if (outside.Count > 0)
            {
                facts.Add(new KeyFact($"{Count(outside.Count, "workload")} in these namespaces run without a sidecar: {string.Join(", ", outside.Select(w => $"{w.Namespace}/{w.Name}"))}.", Status.Warn));
            }
        }

        if (ingress.Count > 0)
        {
            var plaintext = ingress.Where(l => l.TlsStatus is Status.Bad or Status.Warn).ToList();
            var hosts = ingress.SelectMany(l => l.Hosts).Distinct(StringComparer.Ordinal).Count();
            facts.Add(plaintext.Count == 0
                ? new KeyFact($"{Count(ingress.Count, "ingress listener")} for {Count(hosts, "host")}; every one uses TLS or redirects to HTTPS.", Status.Good)
                : new KeyFact($"{plaintext.Count.ToString(CultureInfo.InvariantCulture)} of {Count(ingress.Count, "ingress listener")} serve without TLS or with weak TLS: {string.Join(", ", plaintext.Select(l => $"{l.Gateway}:{l.Port}"))}.", Status.Bad));
        }

        if (exposed.Count > 0)
        {
            facts.Add(new KeyFact($"{Count(exposed.Count, "Service")} of type LoadBalancer or NodePort bypass the ingress gateways: {string.Join(", ", exposed.Select(s => $"{s.Namespace}/{s.Name}"))}.", Status.Warn));
        }

        var fixable = active.Count(f => f.Fixes.Count > 0);
        if (fixable > 0)
        {
            facts.Add(new KeyFact($"{Count(fixable, "finding")} can be fixed mechanically with meshlint check --fix.", Status.Info));
        }

        return new AuditSummary(
            findings.Count,
            input.Count(Severity.Error),
            input.Count(Severity.Warning),
            input.Count(Severity.Note),
            suppressed,
            fixable,
            byMesh,
            topRules,
            facts);
    }

    private static AuditFinding Finding(Finding finding, Dictionary<string, RuleDescriptor> descriptors, IReadOnlyDictionary<string, string> sources, Dictionary<string, SourceText> texts)
    {
        var descriptor = descriptors.GetValueOrDefault(finding.RuleId);
        var fixes = finding.Fixes.IsDefaultOrEmpty
            ? []
            : finding.Fixes.Select(fix => new AuditFix(fix.Description, fix.Replacements.Select(r => Edit(r, sources, texts)).ToList())).ToList();
        var related = finding.Related.IsDefaultOrEmpty
            ? []
            : finding.Related.Select(r => r.Span.IsKnown ? $"{r.Message} ({Locate(r.Span)!.Text})" : r.Message).ToList();
        return new AuditFinding(
            finding.Severity.Name(),
            finding.RuleId,
            descriptor?.Name ?? finding.RuleId,
            descriptor?.Title ?? finding.RuleId,
            MeshName(descriptor?.Mesh ?? Mesh.Tool),
            descriptor?.Category.ToString() ?? "Tool",
            finding.Message,
            finding.Object?.ToString(),
            finding.Location.HasFile ? Locate(finding.Location) : finding.Cluster is { } cluster ? new AuditLocation($"cluster {cluster}", 0, 0) : null,
            descriptor?.HelpUri.ToString() ?? string.Empty,
            descriptor?.Remediation ?? string.Empty,
            fixes,
            related,
            finding.Suppression?.Justification,
            finding.BaselineState?.ToString().ToLowerInvariant());
    }

    private static AuditEdit Edit(Replacement replacement, IReadOnlyDictionary<string, string> sources, Dictionary<string, SourceText> texts)
    {
        var span = replacement.Span;
        var old = string.Empty;
        if (sources.TryGetValue(span.File, out var source))
        {
            if (!texts.TryGetValue(span.File, out var text))
            {
                text = new SourceText(source);
                texts[span.File] = text;
            }

            if (text.TryGetOffset(span.StartLine, span.StartColumn, out var start) && text.TryGetOffset(span.EndLine, span.EndColumn, out var end) && end >= start)
            {
                old = source[start..end];
            }
        }

        return new AuditEdit(span.File, span.StartLine, span.StartColumn, old, replacement.Text);
    }

    private static AuditLocation? Locate(SourceSpan span) => span.IsKnown ? new AuditLocation(span.File, span.StartLine, span.StartColumn) : null;

    private static string MtlsStatus(string mode) => mode switch
    {
        "STRICT" => Status.Good,
        "DISABLE" => Status.Bad,
        _ => Status.Warn,
    };

    private static string Worst(IEnumerable<string> statuses)
    {
        var all = statuses.ToList();
        return all.Contains(Status.Bad) ? Status.Bad : all.Contains(Status.Warn) ? Status.Warn : all.Contains(Status.Good) ? Status.Good : Status.Info;
    }

    private static string MeshName(Mesh mesh) => mesh switch
    {
        Mesh.Istio => "Istio",
        Mesh.Linkerd => "Linkerd",
        Mesh.Consul => "Consul",
        Mesh.Kubernetes => "Kubernetes",
        _ => "MeshLint",
    };

    private static string Count(int count, string noun) => $"{count.ToString(CultureInfo.InvariantCulture)} {noun}{(count == 1 ? string.Empty : "s")}";
}
