using System.Text;

namespace MeshLint.Tests.Support;

/// <summary>
/// A throw-away folder of files for tests that need a tree on disk (configuration, repositories, hooks) and for
/// generated cases (links, permissions, sizes) that cannot be committed as fixtures.
/// </summary>
public sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Root = Path.Combine(Path.GetTempPath(), "meshlint-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Writes a text file (LF line ends) and returns the tree, so writes chain.</summary>
    public TempTree Write(string relative, string text)
    {
        WriteFile(relative, text.ReplaceLineEndings("\n"));
        return this;
    }

    /// <summary>Writes a text file as given and returns its full path.</summary>
    public string WriteFile(string relative, string text) => Write(relative, Encoding.UTF8.GetBytes(text));

    public string Write(string relative, byte[] bytes)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    public string Folder(string relative)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                // Tests take permissions away; give them back (without following links) so the folder can be deleted.
                var pending = new Stack<string>([Root]);
                while (pending.TryPop(out var dir))
                {
                    File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                    foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
                    {
                        if (entry is DirectoryInfo { LinkTarget: null } sub)
                        {
                            pending.Push(sub.FullName);
                        }
                    }
                }
            }

            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static bool IsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    public const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\n";
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
