using System.Text.Encodings.Web;
using System.Text.Json;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;

namespace MeshLint.Reporting;

/// <summary>
/// A stable JSON document for scripts: findings with locations, objects and fingerprints, and a summary. With the
/// configuration's <c>clusters</c>, each finding names the clusters whose analysis found it (<c>clusters</c>).
/// </summary>
public sealed class JsonFormatter : IReportFormatter
{
    public void Write(ReportInput input, TextWriter writer)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("tool", "meshlint");
            json.WriteString("version", input.ToolVersion);
            json.WriteStartObject("summary");
            json.WriteNumber("files", input.FileCount);
            json.WriteNumber("objects", input.ObjectCount);
            json.WriteNumber("errors", input.Count(Severity.Error));
            json.WriteNumber("warnings", input.Count(Severity.Warning));
            json.WriteNumber("notes", input.Count(Severity.Note));
            json.WriteNumber("suppressed", input.Findings.Count(f => f.IsSuppressed));
            json.WriteEndObject();
            json.WriteStartArray("findings");
            foreach (var finding in input.Findings)
            {
                WriteFinding(json, finding);
            }

            json.WriteEndArray();
            json.WriteStartArray("notifications");
            foreach (var note in input.Notifications)
            {
                json.WriteStringValue(note);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        writer.Write(System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
        writer.WriteLine();
    }

    private static void WriteFinding(Utf8JsonWriter json, Finding finding)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        json.WriteString("severity", finding.Severity.Name());
        json.WriteString("message", finding.Message);
        if (finding.Object is { } obj)
        {
            json.WriteStartObject("object");
            json.WriteString("kind", obj.Kind);
            if (obj.Namespace is not null)
            {
                json.WriteString("namespace", obj.Namespace);
            }

            json.WriteString("name", obj.Name);
            json.WriteString("ref", obj.ToString());
            json.WriteEndObject();
        }

        WriteSpan(json, "location", finding.Location);
        if (!finding.Related.IsDefaultOrEmpty)
        {
            json.WriteStartArray("related");
            foreach (var related in finding.Related)
            {
                json.WriteStartObject();
                json.WriteString("message", related.Message);
                if (related.Object is { } relatedObject)
                {
                    json.WriteString("object", relatedObject.ToString());
                }

                WriteSpan(json, "location", related.Span);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (!finding.ClusterScopes.IsDefaultOrEmpty)
        {
            json.WriteStartArray("clusters");
            foreach (var cluster in finding.ClusterScopes)
            {
                json.WriteStringValue(cluster);
            }

            json.WriteEndArray();
        }

        if (finding.Fingerprint is not null)
        {
            json.WriteString("fingerprint", finding.Fingerprint);
        }

        if (finding.Suppression is { } suppression)
        {
            json.WriteStartObject("suppression");
            json.WriteString("kind", suppression.Kind == SuppressionKind.InSource ? "inSource" : "external");
            json.WriteString("justification", suppression.Justification);
            json.WriteEndObject();
        }

        if (finding.BaselineState is { } state)
        {
            json.WriteString("baselineState", state.ToString().ToLowerInvariant());
        }

        json.WriteEndObject();
    }

    private static void WriteSpan(Utf8JsonWriter json, string name, SourceSpan span)
    {
        if (!span.IsKnown)
        {
            return;
        }

        json.WriteStartObject(name);
        json.WriteString("file", span.File);
        json.WriteNumber("line", span.StartLine);
        json.WriteNumber("column", span.StartColumn);
        json.WriteNumber("endLine", span.EndLine);
        json.WriteNumber("endColumn", span.EndColumn);
        json.WriteEndObject();
    }
}
