using System.Globalization;
using System.Text;

namespace MeshLint.Core.Model;

/// <summary>How to write a string as a YAML scalar in each style, so fixes produce text that reads back as the value.</summary>
public static class YamlScalars
{
    /// <summary>
    /// True when <paramref name="value"/> can be written as a plain scalar, in block or flow context, and still read
    /// back as the same characters. Conservative: anything near a YAML indicator is quoted instead.
    /// </summary>
    public static bool IsPlainSafe(string value)
    {
        if (value.Length == 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return false;
        }

        // Indicators that start another kind of node or a comment when they come first.
        if ("?:,[]{}#&*!|>'\"%@`".Contains(value[0], StringComparison.Ordinal))
        {
            return false;
        }

        if (value[0] == '-' && (value.Length == 1 || value[1] == ' ' || value.StartsWith("---", StringComparison.Ordinal)))
        {
            return false;
        }

        if (value[^1] == ':' || value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c < ' ' || c is ',' or '[' or ']' or '{' or '}' or '\u007f' or '\u0085' or '\u2028' or '\u2029' or '\uFEFF')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value as a plain scalar when that is safe, else double-quoted.</summary>
    public static string Format(string value) => IsPlainSafe(value) ? value : DoubleQuoted(value);

    public static string DoubleQuoted(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (c < ' ' || c is '\u007f' or '\u0085' or '\u2028' or '\u2029' or '\uFEFF')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
        return builder.ToString();
    }

    /// <summary>Single-quoted (quotes doubled); double-quoted instead when the value holds a character single quotes cannot carry on one line.</summary>
    public static string SingleQuoted(string value)
    {
        foreach (var c in value)
        {
            if (c < ' ' || c is '\u007f' or '\u0085' or '\u2028' or '\u2029' or '\uFEFF')
            {
                return DoubleQuoted(value);
            }
        }

        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }
}
