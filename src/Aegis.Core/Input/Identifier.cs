namespace Aegis.Core.Input;

/// <summary>
/// The rule for every id and label Aegis stores and is later asked for by it: content, uploader, parent, account and
/// reporter ids, bank names in paths, and a bank entry's external id, list and category. One to
/// <see cref="MaxLength"/> characters, not only spaces, and nothing that stops it being read back or shown as it is:
/// <list type="bullet">
/// <item>no control characters (Unicode category Cc: NUL, tab, CR, LF, …): PostgreSQL cannot store NUL at all, and a
/// line break splits the id in every log, CSV export and terminal;</item>
/// <item>no line or paragraph separators (U+2028, U+2029): line breaks to JSON-reading tools and log viewers;</item>
/// <item>no bidirectional formatting (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C): they reorder what a
/// reviewer sees, so <c>"post-\u202Egpj.exe"</c> shows as <c>post-exe.jpg</c>;</item>
/// <item>no lone surrogates: not text (PostgreSQL would store U+FFFD, so the id would not read back).</item>
/// </list>
/// Any other character is allowed, so a platform's ids (UUIDs, URLs, numeric ids, names in any script) go through.
/// </summary>
public static class Identifier
{
    /// <summary>The most characters an id or label may have: a URL-shaped id fits, a document does not.</summary>
    public const int MaxLength = 256;

    /// <summary>Why <paramref name="value"/> is not a valid id (naming <paramref name="field"/>), or null when it is.</summary>
    /// <param name="field">The field's name as the caller wrote it, e.g. <c>content_id</c>.</param>
    /// <param name="value">The id; null, empty and whitespace-only are refused.</param>
    /// <param name="maxLength">A tighter limit than <see cref="MaxLength"/> for this field, if it has one.</param>
    public static string? Validate(string field, string? value, int maxLength = MaxLength)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (string.IsNullOrWhiteSpace(value))
        {
            return $"{field} is required and may not be empty or only spaces.";
        }

        if (value.Length > maxLength)
        {
            return $"{field} is at most {maxLength} characters; got {value.Length}.";
        }

        if (!value.AsSpan().ContainsAnyExceptInRange(' ', '~'))
        {
            return null; // printable ASCII, the usual id: checked at vector speed (an import checks millions)
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (Unreadable(value, i) is { } what)
            {
                return $"{field} may not hold {what} (U+{(int)value[i]:X4}, character {i + 1}).";
            }
        }

        return null;
    }

    /// <summary>As <see cref="Validate"/>, but null (the field left out) is fine.</summary>
    public static string? ValidateOptional(string field, string? value, int maxLength = MaxLength) =>
        value is null ? null : Validate(field, value, maxLength);

    /// <summary>What is wrong with the character at <paramref name="i"/> in an id, or null when it may be there.</summary>
    internal static string? Unreadable(string value, int i)
    {
        var c = value[i];
        if (char.IsSurrogate(c))
        {
            return FreeText.LoneSurrogate(value, i) ? "a lone surrogate" : null;
        }

        return char.IsControl(c) ? "a control character"
            : c is '\u2028' or '\u2029' ? "a line or paragraph separator"
            : IsBidiControl(c) ? "a bidirectional formatting character"
            : null;
    }

    /// <summary>
    /// The characters that change the direction text is shown in: embeddings and overrides (U+202A–U+202E),
    /// isolates (U+2066–U+2069) and the marks (U+200E, U+200F, U+061C).
    /// </summary>
    public static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';
}
