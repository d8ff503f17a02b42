using System.Collections.Immutable;
using System.Globalization;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using MeshLint.Loading.Mapping;

namespace MeshLint.Loading;

/// <summary>
/// A file read for analysis: its display path (relative to the working directory when under it) and its text.
/// Secret values in the text are masked, and the text of a file that could not be parsed is not kept when it may
/// declare a Secret, so a snippet taken from it can never show a secret.
/// </summary>
public sealed record SourceFile(string Path, string FullPath, string Text)
{
    /// <summary>
    /// The text as read, Secret values included. Internal, so no formatter can print it: only the fixer (in the
    /// engine) sees it, because it must write a file back whole.
    /// </summary>
    internal string RawText { get; init; } = Text;
}

/// <summary>Everything loaded from the inputs: objects in a stable order, and what the loader found wrong.</summary>
public sealed record LoadResult(ImmutableArray<MeshObject> Objects, ImmutableArray<Finding> Diagnostics, ImmutableArray<SourceFile> Files)
{
    /// <summary>This result followed by <paramref name="other"/> (stdin after files, discovery problems).</summary>
    public LoadResult Concat(LoadResult other) =>
        new(Objects.AddRange(other.Objects), Diagnostics.AddRange(other.Diagnostics), Files.AddRange(other.Files));
}

public sealed record LoadOptions
{
    /// <summary>The default size limit: far above any real manifest, far below what would strain memory.</summary>
    public const long DefaultMaxFileBytes = 16 * 1024 * 1024;

    /// <summary>The default nesting limit: real manifests (CRD schemas included) stay well under 64 levels.</summary>
    public const int DefaultMaxDepth = 128;

    /// <summary>Files larger than this are reported (ML9023), not read.</summary>
    public long MaxFileBytes { get; init; } = DefaultMaxFileBytes;

    /// <summary>Maps and lists nested deeper than this stop the file (ML9022).</summary>
    public int MaxDepth { get; init; } = DefaultMaxDepth;

    /// <summary>The directory paths are shown relative to (and SARIF's %SRCROOT%).</summary>
    public string BaseDirectory { get; init; } = Directory.GetCurrentDirectory();

    public bool KeepText { get; init; } = true;

    /// <summary>Texts (by full path) to read instead of the files on disk: what <c>--fix</c> has changed but not written.</summary>
    public IReadOnlyDictionary<string, string>? Overlay { get; init; }
}

/// <summary>Reads manifests: files in parallel, each parsed once into located trees and mapped to the model.</summary>
public static class ManifestLoader
{
    public static LoadResult LoadFiles(IReadOnlyList<string> files, LoadOptions? options = null)
    {
        options ??= new LoadOptions();
        var results = new FileResult[files.Count];
        Parallel.For(0, files.Count, i => results[i] = LoadFile(files[i], options));
        return Combine(results);
    }

    /// <summary>Loads what discovery found, with the problems discovery met (folder link loops, unreadable folders).</summary>
    public static LoadResult Load(DiscoveryResult discovery, LoadOptions? options = null)
    {
        var load = LoadFiles(discovery.Files, options);
        return discovery.Diagnostics.IsEmpty ? load : load with { Diagnostics = discovery.Diagnostics.AddRange(load.Diagnostics) };
    }

    /// <summary>Parses text that did not come from a file on disk (stdin, tests, a cluster's JSON).</summary>
    public static LoadResult LoadText(string displayPath, string text, LoadOptions? options = null)
    {
        options ??= new LoadOptions();
        var file = new SourceFile(displayPath, displayPath, text);
        return Combine([Guarded(file.Path, () => Parse(file, options, asJson: JsonTreeReader.LooksLikeJson(text), jsonFallsBack: true))]);
    }

    /// <summary>Reads a stream (stdin) up to the size limit, then parses it like a file.</summary>
    public static LoadResult LoadStream(string displayPath, TextReader reader, LoadOptions? options = null)
    {
        options ??= new LoadOptions();
        var buffer = new char[64 * 1024];
        var text = new System.Text.StringBuilder();
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > options.MaxFileBytes)
            {
                return Combine([FileResult.Error(displayPath, ToolRules.FileTooLarge, $"Input is over the {FormatSize(options.MaxFileBytes)} size limit and was not checked; raise the limit with --max-file-size if it is a real manifest.")]);
            }
        }

        return LoadText(displayPath, text.ToString(), options);
    }

    public static string DisplayPath(string fullPath, string baseDirectory)
    {
        var relative = Path.GetRelativePath(baseDirectory, fullPath);
        var shown = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative;
        return shown.Replace('\\', '/');
    }

    public static string FormatSize(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{(bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)} MB",
        >= 1024 when bytes % 1024 == 0 => $"{(bytes / 1024).ToString(CultureInfo.InvariantCulture)} KB",
        _ => $"{bytes.ToString(CultureInfo.InvariantCulture)}-byte",
    };

    private static LoadResult Combine(FileResult[] results)
    {
        var objects = ImmutableArray.CreateBuilder<MeshObject>();
        var diagnostics = ImmutableArray.CreateBuilder<Finding>();
        var files = ImmutableArray.CreateBuilder<SourceFile>(results.Length);
        foreach (var result in results)
        {
            objects.AddRange(result.Objects);
            diagnostics.AddRange(result.Diagnostics);
            if (result.File is not null)
            {
                files.Add(result.File);
            }
        }

        return new LoadResult(objects.ToImmutable(), diagnostics.ToImmutable(), files.ToImmutable());
    }

    private static FileResult Guarded(string display, Func<FileResult> load)
    {
        try
        {
            return load();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return FileResult.Error(display, ToolRules.LoaderFailure, $"MeshLint failed on this file with {ex.GetType().Name}: {ex.Message.TrimEnd('.')}; the file was not checked, please report it.");
        }
    }

    private static FileResult LoadFile(string fullPath, LoadOptions options)
    {
        var display = DisplayPath(fullPath, options.BaseDirectory);
        if (options.Overlay is { } overlay && overlay.TryGetValue(fullPath, out var changed))
        {
            return Guarded(display, () => Parse(new SourceFile(display, fullPath, changed), options, IsJsonPath(fullPath), jsonFallsBack: false));
        }

        return Guarded(display, () =>
        {
            try
            {
                return ReadAndParse(fullPath, display, options);
            }
            catch (UnauthorizedAccessException)
            {
                return Unreadable(display, "permission denied; fix its permissions or leave it out of the paths checked");
            }
            catch (FileNotFoundException)
            {
                return Unreadable(display, "it no longer exists");
            }
            catch (DirectoryNotFoundException)
            {
                return Unreadable(display, "its folder no longer exists");
            }
            catch (IOException ex)
            {
                return Unreadable(display, $"{ex.Message.Replace(fullPath, "the file", StringComparison.Ordinal).Trim().TrimEnd('.')}; fix it or leave it out of the paths checked");
            }
        });
    }

    private static FileResult ReadAndParse(string fullPath, string display, LoadOptions options)
    {
        var info = new FileInfo(fullPath);
        var length = info.Length;
        if (info.LinkTarget is not null)
        {
            FileSystemInfo? target;
            try
            {
                target = info.ResolveLinkTarget(returnFinalTarget: true);
            }
            catch (IOException)
            {
                return Unreadable(display, "it is a loop of symbolic links; fix or remove the link");
            }

            if (target is not FileInfo { Exists: true } targetFile)
            {
                return Unreadable(display, $"it is a symbolic link to '{info.LinkTarget}', which does not exist; fix or remove the link");
            }

            length = targetFile.Length;
        }

        // Empty files hold no documents; named pipes and devices also report no length and are never opened,
        // so a FIFO named like a manifest cannot hang the run.
        if (length == 0)
        {
            return new FileResult(new SourceFile(display, fullPath, string.Empty), [], []);
        }

        if (length > options.MaxFileBytes)
        {
            return FileResult.Error(display, ToolRules.FileTooLarge, TooLarge(length, options));
        }

        var bytes = new byte[length];
        int total;
        using (var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan))
        {
            total = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        }

        if (!ManifestText.TryDecode(bytes, total, out var text, out var problem, out var at))
        {
            return new FileResult(null, [], [new Finding(ToolRules.NotText.Id, ToolRules.NotText.DefaultSeverity, $"The file {problem}.", new SourceSpan(display, at.Line, at.Column, at.Line, at.Column + 1), null)]);
        }

        return Parse(new SourceFile(display, fullPath, text), options, IsJsonPath(fullPath), jsonFallsBack: false);
    }

    /// <summary>Decodes a file's bytes exactly as the loader does (the fixer reads files back with it).</summary>
    internal static bool TryDecode(byte[] bytes, out string text, out string problem) =>
        ManifestText.TryDecode(bytes, bytes.Length, out text, out problem, out _);

    private static bool IsJsonPath(string path) => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    private static string TooLarge(long length, LoadOptions options) =>
        $"The file is {length.ToString("N0", CultureInfo.InvariantCulture)} bytes, over the {FormatSize(options.MaxFileBytes)} size limit, and was not checked; raise the limit with --max-file-size if it is a real manifest.";

    private static FileResult Unreadable(string display, string reason) =>
        FileResult.Error(display, ToolRules.UnreadableFile, $"The file cannot be read: {reason}.");

    private static FileResult Parse(SourceFile file, LoadOptions options, bool asJson, bool jsonFallsBack)
    {
        var read = asJson ? JsonTreeReader.Read(file.Text, file.Path, options.MaxDepth) : YamlTreeReader.Read(file.Text, file.Path, options.MaxDepth);
        if (asJson && jsonFallsBack && read.Stop is { RuleId: "ML9001" })
        {
            // Text that starts with '{' may be YAML flow style; read as YAML when it is not valid JSON.
            read = YamlTreeReader.Read(file.Text, file.Path, options.MaxDepth);
        }

        if (!asJson && (read.TemplateLine ?? (read.Stop is { RuleId: "ML9001" } ? ManifestText.TemplateActionLine(file.Text) : null)) is { } templateLine)
        {
            // One note for the file, never a syntax error per line: template sources become YAML when rendered.
            var line = templateLine.ToString(CultureInfo.InvariantCulture);
            var message = ManifestText.IsTerraformDirectiveLine(file.Text, templateLine)
                ? $"The file is a Terraform template, not YAML: it has template directives such as the one at line {line} and was not checked; check what templatefile() renders (for example with 'terraform console') instead."
                : $"The file is a Go template (Helm), not YAML: it has template actions such as the one at line {line} and was not checked; check the rendered output with 'helm template <release> <chart> | meshlint check -'.";
            var finding = new Finding(ToolRules.Template.Id, ToolRules.Template.DefaultSeverity, message,
                new SourceSpan(file.Path, templateLine, 1, templateLine, 1), null);
            return new FileResult(file with { Text = string.Empty }, [], [finding]);
        }

        var objects = new List<MeshObject>();
        var diagnostics = new List<Finding>();
        var strays = new List<(ParsedDocument Document, string What)>();
        var secretSpans = new List<SourceSpan>();
        var sawObject = false;
        foreach (var document in read.Documents)
        {
            if (document.Root is null or ScalarNode { IsNull: true })
            {
                continue; // empty documents are allowed between separators, as kubectl allows them
            }

            var before = objects.Count;
            var outcome = ObjectMapper.TryMap(document.Root, new ObjectOrigin(file.Path, document.Index), objects, diagnostics);
            sawObject |= outcome == MapOutcome.Object;
            if (outcome == MapOutcome.NotAnObject && document.Root is not MappingNode)
            {
                // Maps without apiVersion and kind stay silent (values, settings); a bare list or value in a
                // stream of objects is a stray document.
                strays.Add((document, document.Root is SequenceNode ? "a list" : "a single value"));
            }

            if (document.Diagnostics is { } found)
            {
                var subject = objects.Count == before + 1 ? objects[before].Ref : (ObjectRef?)null;
                diagnostics.AddRange(found.Select(f => f with { Object = subject }));
            }

            ManifestText.CollectSecretValueSpans(document.Root, secretSpans);
        }

        if (sawObject)
        {
            // A stray document in a manifest stream makes kubectl reject the file; alone, the file is not a manifest.
            foreach (var (document, what) in strays)
            {
                var at = document.Root!.Span;
                diagnostics.Add(new Finding(ToolRules.NotAnObject.Id, ToolRules.NotAnObject.DefaultSeverity,
                    $"Document {(document.Index + 1).ToString(CultureInfo.InvariantCulture)} of the file is {what}, not a Kubernetes object.",
                    new SourceSpan(file.Path, at.StartLine, at.StartColumn, at.StartLine, at.StartColumn + 1), null));
            }
        }

        if (read.Stop is { } stop)
        {
            diagnostics.Add(stop);
        }

        var text = !options.KeepText ? string.Empty
            : read.Stop is not null && ManifestText.MayHoldSecret(file.Text) ? string.Empty
            : ManifestText.Mask(file.Text, secretSpans);
        return new FileResult(file with { Text = text }, objects, diagnostics);
    }

    private sealed record FileResult(SourceFile? File, List<MeshObject> Objects, List<Finding> Diagnostics)
    {
        public static FileResult Error(string display, RuleDescriptor rule, string message) =>
            new(null, [], [new Finding(rule.Id, rule.DefaultSeverity, message, new SourceSpan(display, 1, 1, 1, 1), null)]);
    }
}
