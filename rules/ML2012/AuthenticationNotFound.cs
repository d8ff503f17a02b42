using MeshLint.Core.Model.Linkerd;
using MeshLint.Core.Rules;
using MeshLint.Core.Semantics;
using MeshLint.Core.Semantics.Linkerd;

namespace MeshLint.Rules;

public sealed class AuthenticationNotFound : IRule
{
    public static RuleDescriptor Rule { get; } = new(
        Id: "ML2012",
        Name: "AuthenticationNotFound",
        Mesh: Mesh.Linkerd,
        Category: Category.Security,
        Title: "AuthorizationPolicy requires an authentication that does not exist",
        Description: "When an `AuthorizationPolicy` names a `MeshTLSAuthentication` or `NetworkAuthentication` that the policy controller cannot find (in the ref's namespace, else the policy's), the controller drops the whole policy (\"could not find MeshTLSAuthentication ...\"). The clients it was meant to admit are denied. The rule looks in the scanned files only.",
        Remediation: "Create the authentication resource in the namespace the ref points at, or correct the name and namespace of the ref.",
        DefaultSeverity: Severity.Warning,
        Inputs: ["AuthorizationPolicy", "MeshTLSAuthentication", "NetworkAuthentication"],
        SecuritySeverity: 4.0,
        ClosedWorld: true,
        IncompleteSeverity: Severity.Note,
        Tags: ["authorization"]);

    public RuleDescriptor Descriptor => Rule;

    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var index = context.Index;
        var policy = LinkerdPolicy.Of(index);
        foreach (var authorization in index.OfType<LinkerdAuthorizationPolicy>())
        {
            if (LinkerdAdmission.AuthorizationPolicyProblems(authorization).Count > 0)
            {
                continue;
            }

            foreach (var reference in authorization.RequiredAuthenticationRefs)
            {
                var meshTls = reference.Targets(LinkerdPolicy.PolicyGroup, "MeshTLSAuthentication");
                if (!meshTls && !reference.Targets(LinkerdPolicy.PolicyGroup, "NetworkAuthentication"))
                {
                    continue;
                }

                var ns = reference.Namespace?.Value ?? authorization.Namespace;
                var found = meshTls ? policy.FindMeshTls(reference, authorization.Namespace) is not null : policy.FindNetwork(reference, authorization.Namespace) is not null;
                if (found)
                {
                    continue;
                }

                var inView = index.InNamespace<MeshTlsAuthentication>(ns).Length + index.InNamespace<NetworkAuthentication>(ns).Length;
                if ((inView == 0 && !context.Settings.Complete) || ClosedWorld.IsExternal(context.Settings, ns ?? "default", reference.NameValue))
                {
                    continue;
                }

                yield return context.ReportMissing(Rule, authorization, reference.NameSpan,
                    $"No {reference.KindName} named {reference.NameValue} was found in namespace {ns} in the scanned files ({inView} authentication resource(s) there); the policy controller drops AuthorizationPolicy {authorization.Name}, so it grants nothing.");
            }
        }
    }
}
