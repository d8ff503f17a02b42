using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using MeshLint.Core.Rules;
using MeshLint.Engine;
using MeshLint.Reporting;

namespace MeshLint.Cli;

internal static class RulesCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(ConsoleIo io)
    {
        var format = new Option<string>("--format", "-f") { Description = "Output format: text, json or markdown.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "markdown");
        var command = new Command("rules", "List every rule with its id, mesh, severity and title.") { format };
        command.SetAction(parse =>
        {
            var descriptors = RuleCatalog.Descriptors;
            switch (parse.GetValue(format))
            {
                case "json":
                    io.Out.WriteLine(RulesJson(descriptors));
                    break;
                case "markdown":
                    io.Out.Write(RulesMarkdown.Table(descriptors));
                    break;
                default:
                    foreach (var d in descriptors)
                    {
                        io.Out.WriteLine($"{d.Id}  {d.DefaultSeverity.Name(),-7}  {d.Mesh.ToString().ToLowerInvariant(),-10}  {d.Title}");
                    }

                    io.Out.WriteLine($"{descriptors.Length} rules.");
                    break;
            }

            return Cli.ExitOk;
        });
        return command;
    }

    private static string RulesJson(IEnumerable<RuleDescriptor> descriptors)
    {
        var items = descriptors.Select(d => new
        {
            id = d.Id,
            name = d.Name,
            title = d.Title,
            mesh = d.Mesh.ToString().ToLowerInvariant(),
            category = d.Category.ToString().ToLowerInvariant(),
            severity = d.DefaultSeverity.Name(),
            closedWorld = d.ClosedWorld,
            severityWhenIncomplete = d.SeverityWhenIncomplete.Name(),
            securitySeverity = d.SecuritySeverity,
            equivalents = d.EquivalentCodes,
            inputs = d.Inputs,
            tags = d.AllTags,
            helpUri = d.HelpUri.ToString(),
            description = d.Description,
            remediation = d.Remediation,
        });
        return JsonSerializer.Serialize(items, JsonOptions);
    }
}

internal static class ExplainCommand
{
    public static Command Create(ConsoleIo io)
    {
        var id = new Argument<string>("id") { Description = "A rule id (ML1001) or name (PermissiveMtls)." };
        var command = new Command("explain", "Show a rule's documentation: why it matters, bad and good examples, the fix.") { id };
        command.SetAction(parse =>
        {
            var requested = parse.GetValue(id)!;
            var descriptor = RuleCatalog.Find(requested) ?? throw new UsageException($"no rule '{requested}'; 'meshlint rules' lists them");
            var doc = RuleCatalog.Documentation(descriptor.Id);
            io.Out.WriteLine(doc ?? $"# {descriptor.Id}: {descriptor.Title}\n\n{descriptor.Description}\n\nFix: {descriptor.Remediation}");
            io.Out.WriteLine();
            var severity = descriptor.IncompleteSeverity is { } incomplete
                ? $"{incomplete.Name()} ({descriptor.DefaultSeverity.Name()} when mesh.complete is true)"
                : descriptor.DefaultSeverity.Name();
            io.Out.WriteLine($"Severity: {severity}  Mesh: {descriptor.Mesh.ToString().ToLowerInvariant()}  Category: {descriptor.Category.ToString().ToLowerInvariant()}");
            if (!descriptor.EquivalentCodes.IsEmpty)
            {
                io.Out.WriteLine($"Equivalents: {string.Join(", ", descriptor.EquivalentCodes)}");
            }

            return Cli.ExitOk;
        });
        return command;
    }
}
