using System.Text;

namespace MeshLint.Tests.Support;

/// <summary>A throw-away folder for generated cases (links, permissions, sizes) that cannot be committed as fixtures.</summary>
public sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Root = Path.Combine(Path.GetTempPath(), "meshlint-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string Write(string relative, string text) => Write(relative, Encoding.UTF8.GetBytes(text));

    public string Write(string relative, byte[] bytes)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string Folder(string relative)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
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

    public static bool IsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    public const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\n";
}
