using System.Text;

namespace MeshLint.Loading;

/// <summary>The encodings the loader reads; a file is written back in the one it was read in, byte order mark included.</summary>
public enum TextFileEncoding
{
    Utf8,
    Utf8WithBom,
    Utf16LittleEndian,
    Utf16BigEndian,
}

public static class TextFiles
{
    /// <summary>Reads a manifest exactly as the loader does; false (with the reason) when it cannot be decoded.</summary>
    public static bool TryRead(byte[] bytes, out string text, out TextFileEncoding encoding, out string problem)
    {
        encoding = bytes switch
        {
            [0xEF, 0xBB, 0xBF, ..] => TextFileEncoding.Utf8WithBom,
            [0xFF, 0xFE, ..] => TextFileEncoding.Utf16LittleEndian,
            [0xFE, 0xFF, ..] => TextFileEncoding.Utf16BigEndian,
            _ => TextFileEncoding.Utf8,
        };
        return ManifestLoader.TryDecode(bytes, out text, out problem);
    }

    public static byte[] Encode(string text, TextFileEncoding encoding)
    {
        var (preamble, body) = encoding switch
        {
            TextFileEncoding.Utf8WithBom => (new byte[] { 0xEF, 0xBB, 0xBF }, (Encoding)new UTF8Encoding(false, true)),
            TextFileEncoding.Utf16LittleEndian => ([0xFF, 0xFE], new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true)),
            TextFileEncoding.Utf16BigEndian => ([0xFE, 0xFF], new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true)),
            _ => ([], new UTF8Encoding(false, true)),
        };
        return [.. preamble, .. body.GetBytes(text)];
    }
}
