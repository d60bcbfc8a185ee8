using System.Globalization;
using System.Text;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video;
using CsCheck;

namespace Aegis.Fuzz.Tests.Support;

/// <summary>Generators for the text formats: hex hashes, vPDQ features, and free text with the characters formats trip on.</summary>
internal static class TextGen
{
    /// <summary>Pieces of free text: separators, quotes, line ends, white space of every kind, non-ASCII, a surrogate pair.</summary>
    private static readonly string[] Pieces =
    [
        "a", "Z", "0", "9", " ", "\t", ",", "\"", "\"\"", "'", "\n", "\r", "\r\n", "#", "{", "}", "[", "]", ":", "\\", "/",
        "é", "中", "\u00A0", "\u2028", "\u0085", "\uFEFF", "\u0000", "\u001F", "😀", "pdq", "null", "true", "-", ".", "e",
    ];

    public static Gen<PdqHash> Pdq { get; } = Gen.Select(Gen.ULong, Gen.ULong, Gen.ULong, Gen.ULong, (a, b, c, d) => new PdqHash(a, b, c, d));

    /// <summary>Text of 0 to 12 pieces: short, but with everything a parser or writer must get right.</summary>
    public static Gen<string> Text { get; } = Gen.Int[0, Pieces.Length - 1].Array[0, 12].Select(ix => string.Concat(ix.Select(i => Pieces[i])));

    /// <summary>Text, null or empty: the three a format must tell apart.</summary>
    public static Gen<string?> OptionalText { get; } = Gen.Frequency(
        (1, Gen.Const((string?)null)),
        (1, Gen.Const<string?>("")),
        (4, Text.Select(t => (string?)t)));

    /// <summary>Hex of <paramref name="characters"/> characters in either case.</summary>
    public static Gen<string> Hex(int characters) =>
        Gen.Select(Gen.Byte.Array[characters / 2], Gen.Bool, (bytes, upper) => upper ? Convert.ToHexString(bytes) : Convert.ToHexStringLower(bytes));

    /// <summary>A timestamp as a video has them, or an awkward one: a tie at the third decimal, a huge or a tiny value.</summary>
    public static Gen<double> Timestamp { get; } = Gen.Frequency(
        (4, Gen.Int[0, 100_000].Select(n => n / 30.0)),
        (1, Gen.OneOf(0.0, 0.0625, 0.0005, 99.995, 999.5, 1e-7, 1e9, double.Epsilon, -0.0)),
        (1, Gen.Double[0, 1e9]));

    public static Gen<VpdqFeature> Feature { get; } =
        Gen.Select(Pdq, Gen.Int[0, int.MaxValue], Gen.Int[0, 100], Timestamp, (h, f, q, t) => new VpdqFeature(h, f, q, t));

    /// <summary>Features of one video: at least one frame, numbered in order.</summary>
    public static Gen<VpdqFeature[]> Features { get; } = Feature.Array[1, 12];

    /// <summary>Bytes of UTF-8 text, for saving a text input.</summary>
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
