using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Aegis.CyberTip.Reports;

/// <summary>
/// Values as the schema writes them. Text is escaped by <c>System.Xml.Linq</c> when written; characters XML 1.0 cannot
/// carry at all (control characters, lone surrogates: a user's screen name or message may hold them) become U+FFFD
/// here, so a hostile string never breaks a report.
/// </summary>
internal static class XmlValues
{
    /// <summary>An element with text, or null (no element) when the value is absent or blank.</summary>
    public static XElement? Element(string name, string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : new XElement(name, Text(value));

    public static XElement? Element(string name, bool? value) =>
        value is { } flag ? new XElement(name, flag ? "true" : "false") : null;

    public static XElement? Element(string name, DateTimeOffset? value) =>
        value is { } time ? new XElement(name, DateTime(time)) : null;

    /// <summary>An <c>xs:dateTime</c> in ISO 8601 with its offset, e.g. <c>2025-11-02T21:14:09.5+01:00</c>.</summary>
    public static string DateTime(DateTimeOffset value) => XmlConvert.ToString(value);

    /// <summary>The text, with every character XML cannot carry replaced by U+FFFD.</summary>
    public static string Text(string value)
    {
        var first = FirstInvalid(value);
        if (first < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length).Append(value, 0, first);
        for (var i = first; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else
            {
                builder.Append(XmlConvert.IsXmlChar(c) ? c : '\uFFFD');
            }
        }

        return builder.ToString();
    }

    /// <summary>True when the value is <paramref name="digits"/> hex digits.</summary>
    public static bool IsHex(string value, int digits) => value.Length == digits && value.All(char.IsAsciiHexDigit);

    private static int FirstInvalid(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (XmlConvert.IsXmlChar(c))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            return i;
        }

        return -1;
    }
}
