namespace Aegis.Core.Input;

/// <summary>
/// The rule for what people write and Aegis keeps (a report's text, a decision's or correction's reason, an appeal, a
/// bank's description): at most <see cref="MaxLength"/> characters; line breaks and tabs are fine, and so are
/// bidirectional marks (right-to-left languages need them), but no other control character (NUL cannot be stored by
/// PostgreSQL; the others are terminal escapes, not writing) and no lone surrogates (not text).
/// </summary>
public static class FreeText
{
    /// <summary>The most characters of free text: about four pages, more than any reason or report needs.</summary>
    public const int MaxLength = 10_000;

    /// <summary>Why <paramref name="value"/> is not acceptable free text (naming <paramref name="field"/>), or null.</summary>
    /// <param name="field">The field's name as the caller wrote it, e.g. <c>reason</c>.</param>
    /// <param name="value">The text; null is fine (callers that need one check that themselves).</param>
    /// <param name="maxLength">A tighter limit for this field, if it has one.</param>
    public static string? Validate(string field, string? value, int maxLength = MaxLength)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (value is null)
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            return $"{field} is at most {maxLength:N0} characters; got {value.Length:N0}.";
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var what = char.IsSurrogate(c) ? (LoneSurrogate(value, i) ? "a lone surrogate" : null)
                : char.IsControl(c) && c is not ('\t' or '\n' or '\r') ? "a control character"
                : null;
            if (what is not null)
            {
                return $"{field} may not hold {what} (U+{(int)c:X4}, character {i + 1}).";
            }
        }

        return null;
    }

    /// <summary>True when the surrogate at <paramref name="i"/> is not half of a pair.</summary>
    internal static bool LoneSurrogate(string value, int i) => char.IsHighSurrogate(value[i])
        ? i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1])
        : i == 0 || !char.IsHighSurrogate(value[i - 1]);
}
