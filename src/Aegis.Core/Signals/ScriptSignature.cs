using System.Runtime.CompilerServices;

namespace Aegis.Core.Signals;

/// <summary>
/// A MinHash sketch of a script: <see cref="Size"/> minimums of independent hashes over the normalised text's word
/// pairs (single words for a one-word text). The share of equal minimums estimates the Jaccard similarity of two
/// scripts' word pairs, so a script reused with a name or an amount changed stays close. Sketches merge (the
/// element-wise minimum is the sketch of the union), so a conversation's can be built message by message. 128 bytes.
/// </summary>
public readonly struct ScriptSignature : IEquatable<ScriptSignature>
{
    /// <summary>How many hash functions.</summary>
    public const int Size = 32;

    private static readonly ulong[] Multipliers = Seeds(0x9E3779B97F4A7C15UL, odd: true);
    private static readonly ulong[] Offsets = Seeds(0xD1B54A32D192ED03UL, odd: false);

    private readonly Minimums _values;

    private ScriptSignature(Minimums values) => _values = values;

    /// <summary>The sketch of no text (every minimum at its maximum).</summary>
    public static ScriptSignature Empty
    {
        get
        {
            var values = default(Minimums);
            ((Span<uint>)values).Fill(uint.MaxValue);
            return new ScriptSignature(values);
        }
    }

    /// <summary>True for the sketch of no text.</summary>
    public bool IsEmpty
    {
        get
        {
            for (var i = 0; i < Size; i++)
            {
                if (_values[i] != uint.MaxValue)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Minimum <paramref name="index"/>.</summary>
    public uint this[int index] => _values[index];

    /// <summary>The sketch of <paramref name="text"/> (normalised first).</summary>
    public static ScriptSignature Of(string text)
    {
        var tokens = new TokenBuffer();
        TextNormalizer.Normalize(text, tokens);
        return Of(tokens);
    }

    /// <summary>The sketch of already normalised tokens.</summary>
    public static ScriptSignature Of(TokenBuffer tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var values = default(Minimums);
        Span<uint> mins = values;
        mins.Fill(uint.MaxValue);
        var previous = 0UL;
        for (var i = 0; i < tokens.Count; i++)
        {
            var word = Hash(tokens[i]);
            if (i > 0)
            {
                Add(mins, (previous * 0x100000001B3UL) ^ word);
            }
            else if (tokens.Count == 1)
            {
                Add(mins, word);
            }

            previous = word;
        }

        return new ScriptSignature(values);
    }

    /// <summary>The sketch of both texts together.</summary>
    public ScriptSignature Merge(ScriptSignature other)
    {
        var values = default(Minimums);
        Span<uint> mins = values;
        for (var i = 0; i < Size; i++)
        {
            mins[i] = Math.Min(_values[i], other._values[i]);
        }

        return new ScriptSignature(values);
    }

    /// <summary>The signature as stored: its minimums, little-endian (<see cref="Size"/> × 4 bytes).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Size * sizeof(uint)];
        for (var i = 0; i < Size; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * sizeof(uint)), _values[i]);
        }

        return bytes;
    }

    /// <summary>A signature from <see cref="ToBytes"/>; <see cref="Empty"/> for anything of another length.</summary>
    public static ScriptSignature FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size * sizeof(uint))
        {
            return Empty;
        }

        var values = default(Minimums);
        Span<uint> mins = values;
        for (var i = 0; i < Size; i++)
        {
            mins[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * sizeof(uint))..]);
        }

        return new ScriptSignature(values);
    }

    /// <summary>The estimated Jaccard similarity, 0 to 1: the share of equal minimums (0 when either is empty).</summary>
    public double Similarity(ScriptSignature other)
    {
        if (IsEmpty || other.IsEmpty)
        {
            return 0;
        }

        var equal = 0;
        for (var i = 0; i < Size; i++)
        {
            equal += _values[i] == other._values[i] ? 1 : 0;
        }

        return equal / (double)Size;
    }

    public bool Equals(ScriptSignature other)
    {
        for (var i = 0; i < Size; i++)
        {
            if (_values[i] != other._values[i])
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is ScriptSignature other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_values[0], _values[1], _values[2], _values[3]);

    public static bool operator ==(ScriptSignature left, ScriptSignature right) => left.Equals(right);

    public static bool operator !=(ScriptSignature left, ScriptSignature right) => !left.Equals(right);

    private static void Add(Span<uint> mins, ulong feature)
    {
        for (var i = 0; i < Size; i++)
        {
            var h = (uint)(((feature * Multipliers[i]) + Offsets[i]) >> 32);
            if (h < mins[i])
            {
                mins[i] = h;
            }
        }
    }

    /// <summary>FNV-1a over the word's characters, then a final mix.</summary>
    private static ulong Hash(ReadOnlySpan<char> word)
    {
        var h = 0xCBF29CE484222325UL;
        foreach (var c in word)
        {
            h = (h ^ c) * 0x100000001B3UL;
        }

        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        return h;
    }

    private static ulong[] Seeds(ulong seed, bool odd)
    {
        var values = new ulong[Size];
        for (var i = 0; i < Size; i++)
        {
            seed += 0x9E3779B97F4A7C15UL; // SplitMix64: fixed, so sketches are comparable across nodes and versions
            var z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            values[i] = odd ? z | 1 : z;
        }

        return values;
    }

    /// <summary>The minimums, inline.</summary>
    [InlineArray(Size)]
    private struct Minimums
    {
        private uint _element;
    }
}
