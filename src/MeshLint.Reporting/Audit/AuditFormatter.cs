using System.Globalization;
using System.Net;
using System.Text;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace MeshLint.Reporting.Audit;

public enum AuditFormat
{
    Markdown,
    Html,
}

/// <summary>A template that does not parse or fails while rendering; the CLI reports it as a usage error.</summary>
public sealed class TemplateException(string message) : Exception(message);

/// <summary>
/// The audit report (<c>--format markdown|html</c>): the model from <see cref="AuditModelBuilder"/> rendered with a
/// Scriban template, the embedded one or the user's (<c>--template FILE</c>). Every value a template writes with
/// <c>{{ ... }}</c> is escaped for the output format (HTML entities, or Markdown backslash escapes), because manifest
/// strings are untrusted; only the helpers below (<c>md.code</c>, <c>raw</c>) write text as is.
/// </summary>
public sealed class AuditFormatter : IReportFormatter
{
    private readonly Template template;

    public AuditFormatter(AuditFormat format, string? templateText = null, string? templatePath = null)
    {
        Format = format;
        var text = templateText ?? DefaultTemplate(format);
        var name = templatePath ?? $"<embedded {FileName(format)}>";
        template = Template.Parse(text, name);
        if (template.HasErrors)
        {
            throw new TemplateException($"template {name} does not parse: {string.Join("; ", template.Messages.Select(m => m.ToString()))}");
        }
    }

    public AuditFormat Format { get; }

    public static string FileName(AuditFormat format) => format == AuditFormat.Html ? "audit.html.scriban" : "audit.md.scriban";

    /// <summary>The embedded template, for users who want to start their own from it.</summary>
    public static string DefaultTemplate(AuditFormat format)
    {
        using var stream = typeof(AuditFormatter).Assembly.GetManifestResourceStream($"MeshLint.Reporting.Templates.{FileName(format)}")
            ?? throw new InvalidOperationException($"embedded template {FileName(format)} is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public void Write(ReportInput input, TextWriter writer) => writer.Write(Render(AuditModelBuilder.Build(input)));

    public string Render(AuditReport report)
    {
        var globals = new ScriptObject();
        globals.Import(report);
        globals["report"] = report;
        globals.Import("raw", new Func<object?, SafeText>(value => new SafeText(value?.ToString() ?? string.Empty)));
        globals.Import("plural", new Func<int, string, string>((count, noun) => $"{count.ToString(CultureInfo.InvariantCulture)} {noun}{(count == 1 ? string.Empty : "s")}"));
        var markdown = new ScriptObject();
        markdown.Import("code", new Func<object?, SafeText>(value => new SafeText(MarkdownCode(value?.ToString() ?? string.Empty))));
        markdown.Import("escape", new Func<object?, SafeText>(value => new SafeText(EscapeMarkdown(value?.ToString() ?? string.Empty))));
        globals["md"] = markdown;
        var html = Format == AuditFormat.Html;
        globals.Import("doc", new Func<object?, SafeText>(value => new SafeText(html ? DocumentationHtml(value?.ToString() ?? string.Empty) : value?.ToString() ?? string.Empty)));
        globals.Import("breakable", new Func<object?, SafeText>(value => new SafeText(Breakable(value?.ToString() ?? string.Empty))));

        var context = new EscapingContext(Format == AuditFormat.Html ? WebUtility.HtmlEncode : EscapeMarkdown)
        {
            StrictVariables = true,
            LoopLimit = 0,
            LimitToString = 0,
            OutputLimit = 0,
            NewLine = "\n",
        };
        context.PushGlobal(globals);
        try
        {
            return template.Render(context);
        }
        catch (ScriptRuntimeException ex)
        {
            throw new TemplateException($"template {template.SourceFilePath} failed: {ex.Message}");
        }
    }

    /// <summary>
    /// Backslash-escapes every character Markdown (CommonMark, GitHub) could read as markup or HTML, and folds line
    /// breaks, so a value stays one inline run of text (also inside a table cell).
    /// </summary>
    public static string EscapeMarkdown(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\r':
                    break;
                case '\n':
                    builder.Append(' ');
                    break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '~' or '#' or '&' or '$':
                    builder.Append('\\').Append(c);
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>A Markdown code span that holds any text: a fence longer than any backtick run in it, pipes escaped for tables.</summary>
    public static string MarkdownCode(string text)
    {
        var flat = text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');
        if (flat.Length == 0)
        {
            return "` `";
        }

        var longest = 0;
        var run = 0;
        foreach (var c in flat)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', longest + 1);
        var padded = flat.StartsWith('`') || flat.EndsWith('`') || (flat.StartsWith(' ') && flat.EndsWith(' ')) ? $" {flat} " : flat;

        // GitHub reads | inside a code span in a table as a cell border unless it is escaped; < cannot start HTML in a code span.
        return fence + padded.Replace("|", "\\|", StringComparison.Ordinal) + fence;
    }

    /// <summary>
    /// MeshLint's own prose (a rule's title or remediation, never manifest text) as HTML: escaped, with its
    /// <c>`code`</c> spans as code elements. In Markdown the same prose is written as it is.
    /// </summary>
    public static string DocumentationHtml(string text)
    {
        var parts = text.Split('`');
        var builder = new StringBuilder(text.Length + 32);
        for (var i = 0; i < parts.Length; i++)
        {
            var escaped = WebUtility.HtmlEncode(parts[i]);
            var isCode = i % 2 == 1 && i < parts.Length - 1;
            builder.Append(isCode ? $"<code>{escaped}</code>" : (i % 2 == 1 ? "`" + escaped : escaped));
        }

        return builder.ToString();
    }

    /// <summary>HTML-escaped text that may wrap after dots and slashes (host names, Kind/namespace/name) instead of mid-word.</summary>
    public static string Breakable(string text) =>
        WebUtility.HtmlEncode(text).Replace(".", ".<wbr>", StringComparison.Ordinal).Replace("/", "/<wbr>", StringComparison.Ordinal);

    /// <summary>Text a helper has already made safe for the output format.</summary>
    public sealed record SafeText(string Value)
    {
        public override string ToString() => Value;
    }

    private sealed class EscapingContext(Func<string, string> escape) : TemplateContext
    {
        public override TemplateContext Write(SourceSpan span, object? textAsObject) =>
            base.Write(span, Escape(textAsObject));

        public override ValueTask<TemplateContext> WriteAsync(SourceSpan span, object? textAsObject) =>
            base.WriteAsync(span, Escape(textAsObject));

        private string Escape(object? value) => value switch
        {
            null => string.Empty,
            SafeText safe => safe.Value,
            _ => escape(ObjectToString(value) ?? string.Empty),
        };
    }
}
