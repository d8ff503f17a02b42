using System.Collections.Immutable;
using MeshLint.Core.Rules;
using MeshLint.Rules;

namespace MeshLint.Engine;

/// <summary>Every rule in this assembly and every tool diagnostic, sorted by id: the one registry everything reads.</summary>
public static class RuleCatalog
{
    private static readonly Lazy<ImmutableArray<IRule>> LazyRules = new(() => RulesAssembly.Assembly
        .GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IRule).IsAssignableFrom(t))
        .Select(t => (IRule)Activator.CreateInstance(t)!)
        .OrderBy(r => r.Descriptor.Id, StringComparer.Ordinal)
        .ToImmutableArray());

    private static readonly Lazy<ImmutableArray<RuleDescriptor>> LazyDescriptors = new(() => Rules
        .Select(r => r.Descriptor)
        .Concat(ToolRules.All)
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToImmutableArray());

    public static ImmutableArray<IRule> Rules => LazyRules.Value;

    /// <summary>Descriptors of all rules plus the ML9xxx tool diagnostics.</summary>
    public static ImmutableArray<RuleDescriptor> Descriptors => LazyDescriptors.Value;

    public static RuleDescriptor? Find(string id) =>
        Descriptors.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase) || string.Equals(d.Name, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The rule's prose documentation (rules/ML####/README.md), embedded at build time.</summary>
    public static string? Documentation(string id)
    {
        using var stream = RulesAssembly.Assembly.GetManifestResourceStream($"MeshLint.Rules.Docs.{id}/README.md")
            ?? RulesAssembly.Assembly.GetManifestResourceStream($"MeshLint.Rules.Docs.{id}\\README.md");
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

}
