using MeshLint.Loading;

namespace MeshLint.Engine.Fixes;

/// <summary>Writes fixed files back in the encoding they were read in (byte order mark kept), and only if nobody changed them meanwhile.</summary>
public static class FixWriter
{
    /// <summary>Null when written; otherwise why the file was left alone.</summary>
    public static string? Write(FixedFile file)
    {
        try
        {
            var bytes = File.ReadAllBytes(file.FullPath);
            if (!TextFiles.TryRead(bytes, out var current, out var encoding, out var problem))
            {
                return $"{file.DisplayPath}: not fixed: {problem}";
            }

            if (!string.Equals(current, file.Original, StringComparison.Ordinal))
            {
                return $"{file.DisplayPath}: not fixed: the file changed while MeshLint was checking it";
            }

            // Written in place (not replaced by a new file) so permissions, owner and hard links stay as they were.
            File.WriteAllBytes(file.FullPath, TextFiles.Encode(file.Fixed, encoding));
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{file.DisplayPath}: not fixed: {ex.Message}";
        }
    }
}
