using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Aegis.Hashing.Pdq;

/// <summary>
/// A 256-bit PDQ hash. Bit <c>k</c> (0..255) is bit <c>k % 64</c> of word <c>k / 64</c>;
/// the hex form is the reference's: 64 lowercase hex characters, the big-endian form of
/// Σ bitₖ·2ᵏ (so the first character holds bits 255..252).
/// </summary>
public readonly struct PdqHash : IEquatable<PdqHash>, ISpanFormattable
{
    /// <summary>Number of hex characters in the text form.</summary>
    public const int HexLength = 64;

    /// <summary>Number of bits in a hash.</summary>
    public const int BitCount = 256;

    public PdqHash(ulong w0, ulong w1, ulong w2, ulong w3)
    {
        W0 = w0;
        W1 = w1;
        W2 = w2;
        W3 = w3;
    }

    /// <summary>Bits 0..63.</summary>
    public ulong W0 { get; }

    /// <summary>Bits 64..127.</summary>
    public ulong W1 { get; }

    /// <summary>Bits 128..191.</summary>
    public ulong W2 { get; }

    /// <summary>Bits 192..255.</summary>
    public ulong W3 { get; }

    /// <summary>The all-zero hash (what the reference gives an image too small to hash).</summary>
    public static PdqHash Zero => default;

    /// <summary>Whether bit <paramref name="index"/> (0..255) is set.</summary>
    public bool this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, BitCount);
            var word = (index >> 6) switch { 0 => W0, 1 => W1, 2 => W2, _ => W3 };
            return ((word >> (index & 63)) & 1) != 0;
        }
    }

    /// <summary>Number of set bits.</summary>
    public int PopCount =>
        BitOperations.PopCount(W0) + BitOperations.PopCount(W1) +
        BitOperations.PopCount(W2) + BitOperations.PopCount(W3);

    /// <summary>Hamming distance: the number of bits that differ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int DistanceTo(PdqHash other) =>
        BitOperations.PopCount(W0 ^ other.W0) + BitOperations.PopCount(W1 ^ other.W1) +
        BitOperations.PopCount(W2 ^ other.W2) + BitOperations.PopCount(W3 ^ other.W3);

    /// <summary>Parses the 64-character hex form (either case).</summary>
    /// <exception cref="FormatException">The text is not 64 hex characters.</exception>
    public static PdqHash Parse(ReadOnlySpan<char> hex) =>
        TryParse(hex, out var hash)
            ? hash
            : throw new FormatException(
                $"A PDQ hash is {HexLength} hex characters; got {Describe(hex)}.");

    /// <summary>Parses the 64-character hex form (either case) without throwing.</summary>
    public static bool TryParse(ReadOnlySpan<char> hex, out PdqHash hash)
    {
        hash = default;
        if (hex.Length != HexLength)
        {
            return false;
        }

        if (!TryParseWord(hex[..16], out var w3) || !TryParseWord(hex[16..32], out var w2) ||
            !TryParseWord(hex[32..48], out var w1) || !TryParseWord(hex[48..], out var w0))
        {
            return false;
        }

        hash = new PdqHash(w0, w1, w2, w3);
        return true;
    }

    /// <summary>Parses a string hex form; null is rejected.</summary>
    public static bool TryParse([NotNullWhen(true)] string? hex, out PdqHash hash)
    {
        if (hex is null)
        {
            hash = default;
            return false;
        }

        return TryParse(hex.AsSpan(), out hash);
    }

    public bool Equals(PdqHash other) =>
        W0 == other.W0 && W1 == other.W1 && W2 == other.W2 && W3 == other.W3;

    public override bool Equals(object? obj) => obj is PdqHash other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(W0, W1, W2, W3);

    public static bool operator ==(PdqHash left, PdqHash right) => left.Equals(right);

    public static bool operator !=(PdqHash left, PdqHash right) => !left.Equals(right);

    /// <summary>The 64-character lowercase hex form.</summary>
    public override string ToString() => string.Create(HexLength, this, static (span, h) => h.Format(span));

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (destination.Length < HexLength)
        {
            charsWritten = 0;
            return false;
        }

        Format(destination);
        charsWritten = HexLength;
        return true;
    }

    private void Format(Span<char> destination)
    {
        W3.TryFormat(destination[..16], out _, "x16", CultureInfo.InvariantCulture);
        W2.TryFormat(destination[16..32], out _, "x16", CultureInfo.InvariantCulture);
        W1.TryFormat(destination[32..48], out _, "x16", CultureInfo.InvariantCulture);
        W0.TryFormat(destination[48..64], out _, "x16", CultureInfo.InvariantCulture);
    }

    private static bool TryParseWord(ReadOnlySpan<char> hex, out ulong word) =>
        ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out word);

    private static string Describe(ReadOnlySpan<char> text) =>
        text.Length > 80 ? $"{text.Length} characters" : $"\"{text}\" ({text.Length} characters)";
}
