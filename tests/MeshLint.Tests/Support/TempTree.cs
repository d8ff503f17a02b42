namespace MeshLint.Tests.Support;

/// <summary>A throw-away folder of files for tests that need a tree on disk (configuration, repositories, hooks).</summary>
public sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Root = Path.Combine(Path.GetTempPath(), "meshlint-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public TempTree Write(string relative, string text)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return this;
    }

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>Runs the command line in-process, in a given working directory.</summary>
public static class CliRunner
{
    public sealed record Run(int Exit, string Out, string Error)
    {
        public override string ToString() => $"exit {Exit}{Environment.NewLine}stdout:{Environment.NewLine}{Out}{Environment.NewLine}stderr:{Environment.NewLine}{Error}";
    }

    public static Run Invoke(string workingDirectory, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = Cli.Cli.RunAsync(args, new StringReader(string.Empty), stdout, stderr, workingDirectory).GetAwaiter().GetResult();
        return new Run(exit, stdout.ToString(), stderr.ToString());
    }
}
