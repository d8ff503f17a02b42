using System.Collections.Immutable;
using System.Text;
using MeshLint.Core.Model;
using MeshLint.Core.Rules;
using MeshLint.Loading.Mapping;

namespace MeshLint.Loading;

/// <summary>A file read for analysis: its display path (relative to the working directory when under it) and text.</summary>
public sealed record SourceFile(string Path, string FullPath, string Text);

/// <summary>Everything loaded from the inputs: objects in a stable order, and what the loader found wrong.</summary>
public sealed record LoadResult(ImmutableArray<MeshObject> Objects, ImmutableArray<Finding> Diagnostics, ImmutableArray<SourceFile> Files);

public sealed record LoadOptions
{
    /// <summary>Files larger than this are reported, not parsed.</summary>
    public long MaxFileBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>The directory paths are shown relative to (and SARIF's %SRCROOT%).</summary>
    public string BaseDirectory { get; init; } = Directory.GetCurrentDirectory();

    public bool KeepText { get; init; } = true;

    /// <summary>Texts (by full path) to read instead of the files on disk: what <c>--fix</c> has changed but not written.</summary>
    public IReadOnlyDictionary<string, string>? Overlay { get; init; }
}

/// <summary>Reads manifests: files in parallel, each parsed once into located trees and mapped to the model.</summary>
public static class ManifestLoader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static LoadResult LoadFiles(IReadOnlyList<string> files, LoadOptions? options = null)
    {
        options ??= new LoadOptions();
        var results = new FileResult[files.Count];
        Parallel.For(0, files.Count, i => results[i] = LoadFile(files[i], options));
        return Combine(results);
    }

    /// <summary>Parses text that did not come from a file on disk (stdin, tests, a cluster's JSON).</summary>
    public static LoadResult LoadText(string displayPath, string text, LoadOptions? options = null)
    {
        options ??= new LoadOptions();
        return Combine([Parse(new SourceFile(displayPath, displayPath, text), options)]);
    }

    public static string DisplayPath(string fullPath, string baseDirectory)
    {
        var relative = Path.GetRelativePath(baseDirectory, fullPath);
        var shown = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative;
        return shown.Replace('\\', '/');
    }

    private static LoadResult Combine(FileResult[] results)
    {
        var objects = ImmutableArray.CreateBuilder<MeshObject>();
        var diagnostics = ImmutableArray.CreateBuilder<Finding>();
        var files = ImmutableArray.CreateBuilder<SourceFile>();
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

    private static FileResult LoadFile(string fullPath, LoadOptions options)
    {
        var display = DisplayPath(fullPath, options.BaseDirectory);
        if (options.Overlay is { } overlay && overlay.TryGetValue(fullPath, out var changed))
        {
            return Parse(new SourceFile(display, fullPath, changed), options);
        }

        try
        {
            var info = new FileInfo(fullPath);
            if (info.Length > options.MaxFileBytes)
            {
                return FileResult.Error(display, $"file is {info.Length} bytes, over the {options.MaxFileBytes}-byte limit; it was not checked (raise the limit with --max-file-size if it is a real manifest)");
            }

            var bytes = File.ReadAllBytes(fullPath);
            if (!TryDecode(bytes, out var text, out var problem))
            {
                return FileResult.Error(display, problem);
            }

            return Parse(new SourceFile(display, fullPath, text), options);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return FileResult.Error(display, $"could not read the file: {ex.Message}");
        }
    }

    /// <summary>UTF-8 (with or without BOM) and UTF-16 with a BOM; anything else is reported, never guessed.</summary>
    internal static bool TryDecode(byte[] bytes, out string text, out string problem)
    {
        text = string.Empty;
        problem = string.Empty;
        try
        {
            if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            {
                text = StrictUtf8.GetString(bytes, 3, bytes.Length - 3);
            }
            else if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
            {
                text = new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true).GetString(bytes, 2, bytes.Length - 2);
            }
            else if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
            {
                text = new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true).GetString(bytes, 2, bytes.Length - 2);
            }
            else
            {
                if (Array.IndexOf(bytes, (byte)0) >= 0)
                {
                    problem = "the file is binary (it contains NUL bytes), not a YAML or JSON manifest";
                    return false;
                }

                text = StrictUtf8.GetString(bytes);
            }

            return true;
        }
        catch (DecoderFallbackException ex)
        {
            problem = $"the file is not valid UTF-8 (bad byte at offset {ex.Index}); save it as UTF-8";
            return false;
        }
    }

    private static FileResult Parse(SourceFile file, LoadOptions options)
    {
        var objects = new List<MeshObject>();
        var diagnostics = new List<Finding>();
        var (documents, error) = YamlTreeReader.Read(file.Text, file.Path);
        foreach (var document in documents)
        {
            if (document.Root is not null)
            {
                ObjectMapper.TryMap(document.Root, new ObjectOrigin(file.Path, document.Index), objects, diagnostics);
            }
        }

        if (error is not null)
        {
            diagnostics.Add(new Finding(ToolRules.ParseError.Id, ToolRules.ParseError.DefaultSeverity, $"YAML syntax error: {error.Message}.", error.Span, null));
        }

        return new FileResult(options.KeepText ? file : file with { Text = string.Empty }, objects, diagnostics);
    }

    private sealed record FileResult(SourceFile? File, List<MeshObject> Objects, List<Finding> Diagnostics)
    {
        public static FileResult Error(string display, string message) =>
            new(null, [], [new Finding(ToolRules.ParseError.Id, ToolRules.ParseError.DefaultSeverity, $"Cannot check {display}: {message}.", new SourceSpan(display, 1, 1, 1, 1), null)]);
    }
}
