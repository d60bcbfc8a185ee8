using System.Buffers;
using System.Globalization;
using Aegis.Hashing.Digests;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video.Formats;
using Aegis.Matching.Banks;

namespace Aegis.Matching.Formats;

/// <summary>Checks hash text against its type and turns it into canonical lowercase hex.</summary>
internal static class SignalValues
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>Aegis's own name for a type, as the CSV and JSON-lines formats write it.</summary>
    public static string Name(SignalType type) => type switch
    {
        SignalType.Pdq => "pdq",
        SignalType.Md5 => "md5",
        SignalType.Sha256 => "sha256",
        SignalType.Vpdq => "vpdq",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown signal type."),
    };

    /// <summary>The type as people write it: "PDQ", "MD5", "SHA-256".</summary>
    public static string Label(SignalType type) => type switch
    {
        SignalType.Pdq => "PDQ",
        SignalType.Md5 => "MD5",
        SignalType.Vpdq => "vPDQ",
        _ => "SHA-256",
    };

    /// <summary>Hex characters of a digest or PDQ hash (a vPDQ signal has no fixed length).</summary>
    public static int HexLength(SignalType type) => type == SignalType.Md5 ? 32 : 64;

    public static bool IsHex(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExcept(HexDigits);

    /// <summary>Validates <paramref name="text"/> as a hash of <paramref name="type"/> and returns it in lowercase.</summary>
    /// <param name="type">The type the hash must be.</param>
    /// <param name="text">The hash as written (either case, no surrounding space).</param>
    /// <param name="value">The canonical lowercase hex when valid.</param>
    /// <param name="reason">Why not, when invalid.</param>
    public static bool TryCanonicalize(SignalType type, ReadOnlySpan<char> text, out string value, out string? reason)
    {
        value = "";
        if (type == SignalType.Vpdq)
        {
            return TryCanonicalizeVpdq(text, out value, out reason);
        }

        var expected = HexLength(type);
        if (text.Length != expected)
        {
            reason = text.IsEmpty
                ? $"{Label(type)} hash is empty"
                : $"{Label(type)} hash must be {expected} hex characters, got {text.Length}";
            return false;
        }

        var bad = text.IndexOfAnyExcept(HexDigits);
        if (bad >= 0)
        {
            reason = $"{Label(type)} hash contains a non-hex character {Describe(text[bad])} at position {bad + 1}";
            return false;
        }

        var parsed = type switch
        {
            SignalType.Pdq => PdqHash.TryParse(text, out var pdq) ? pdq.ToString() : null,
            SignalType.Md5 => Md5Hash.TryParse(text, out var md5) ? md5.ToString() : null,
            SignalType.Sha256 => Sha256Hash.TryParse(text, out var sha) ? sha.ToString() : null,
            _ => null,
        };
        if (parsed is null)
        {
            reason = $"{Label(type)} hash is not valid hex";
            return false;
        }

        value = parsed;
        reason = null;
        return true;
    }

    private static bool TryCanonicalizeVpdq(ReadOnlySpan<char> text, out string value, out string? reason)
    {
        value = "";
        if (text.IsEmpty)
        {
            reason = "vPDQ signal is empty";
            return false;
        }

        try
        {
            value = VpdqSignal.Canonicalize(new string(text));
            reason = null;
            return true;
        }
        catch (FormatException e)
        {
            reason = e.Message.TrimEnd('.');
            return false;
        }
    }

    /// <summary>
    /// The type of a hash given without one: a JSON list is a vPDQ signal; 32 hex characters are MD5; 64 are PDQ or SHA-256, so they take
    /// <paramref name="defaultType"/> and are an error without it; anything else takes the default type (whose
    /// check then says what is wrong) or is an error.
    /// </summary>
    /// <param name="text">The hash as written.</param>
    /// <param name="defaultType">The type for hashes that their length does not settle, if the caller gave one.</param>
    /// <param name="howToFix">Appended to the ambiguity error: how to say which type is meant in this format.</param>
    /// <param name="type">The inferred type.</param>
    /// <param name="reason">Why no type could be inferred.</param>
    public static bool TryInferType(
        ReadOnlySpan<char> text, SignalType? defaultType, string howToFix, out SignalType type, out string? reason)
    {
        reason = null;
        if (text.StartsWith('['))
        {
            type = SignalType.Vpdq;
            return true;
        }

        if (text.Length == 32 && IsHex(text))
        {
            type = SignalType.Md5;
            return true;
        }

        if (defaultType is { } given)
        {
            type = given;
            return true;
        }

        type = default;
        if (text.Length == 64 && IsHex(text))
        {
            reason = "a 64-character hash without a type is ambiguous (PDQ or SHA-256); " + howToFix;
            return false;
        }

        reason = IsHex(text)
            ? $"cannot tell the type of a {text.Length}-character hash (MD5 is 32 hex characters, PDQ and SHA-256 64); " + howToFix
            : $"'{Shorten(text)}' is not a hex hash";
        return false;
    }

    /// <summary>A character for an error message: 'x', or its code point when it would not print.</summary>
    public static string Describe(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c) || c == '\uFEFF'
            ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
            : $"'{c}'";

    /// <summary>Text for an error message, cut to 40 characters.</summary>
    public static string Shorten(ReadOnlySpan<char> text) =>
        text.Length <= 40 ? new string(text) : string.Concat(text[..40], "…");
}
