using System.Buffers.Binary;
using CsCheck;

namespace Aegis.Fuzz.Tests.Support;

/// <summary>
/// One edit of a seed file, as a mutation-based fuzzer makes them: flip a bit, write an interesting value (0, -1,
/// int.MaxValue…) over a byte, a 16- or 32-bit big-endian field, insert, delete, duplicate or move a range, cut the
/// end off, splice in another seed's tail, or insert a token the format cares about. Positions and lengths are taken
/// modulo the data, so every generated edit applies; CsCheck shrinks them towards the first byte and nothing.
/// </summary>
/// <param name="Kind">Which edit.</param>
/// <param name="Position">Where (modulo the length).</param>
/// <param name="Length">How many bytes (modulo what is left).</param>
/// <param name="Value">The value written, or which interesting value, seed or token.</param>
internal readonly record struct Mutation(int Kind, uint Position, int Length, uint Value)
{
    private const int Kinds = 12;

    /// <summary>Mutated data never grows past this, so a case stays fast.</summary>
    private const int MaxLength = 1 << 20;

    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x10, 0x20, 0x40];

    private static readonly uint[] InterestingInts =
    [
        0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF, 0x1_0000, 0x100, 0x7FFF, 0x8000, 0x3FFF_FFFF, 5, 4,
    ];

    public static Gen<Mutation> Gen { get; } = CsCheck.Gen.Select(
        CsCheck.Gen.Int[0, Kinds - 1],
        CsCheck.Gen.UInt,
        CsCheck.Gen.Frequency((4, CsCheck.Gen.Int[0, 16]), (1, CsCheck.Gen.Int[0, 4096])),
        CsCheck.Gen.UInt,
        (kind, position, length, value) => new Mutation(kind, position, length, value));

    /// <summary>Seeds mutated by 0 to <paramref name="maxEdits"/> edits (none at all keeps the seed as it is).</summary>
    /// <param name="seeds">The corpus: small, valid, benign files.</param>
    /// <param name="tokens">Tokens of the format (separators, quotes, escapes, keywords) to insert.</param>
    /// <param name="maxEdits">The most edits on one seed.</param>
    public static Gen<byte[]> Of(IReadOnlyList<byte[]> seeds, IReadOnlyList<byte[]>? tokens = null, int maxEdits = 8) =>
        CsCheck.Gen.Select(
            CsCheck.Gen.Int[0, seeds.Count - 1],
            Gen.Array[0, maxEdits],
            (seed, edits) => Apply(seeds[seed], edits, seeds, tokens ?? []));

    public static byte[] Apply(byte[] seed, Mutation[] edits, IReadOnlyList<byte[]> seeds, IReadOnlyList<byte[]> tokens)
    {
        var data = new List<byte>(seed);
        foreach (var edit in edits)
        {
            edit.ApplyTo(data, seeds, tokens);
            if (data.Count > MaxLength)
            {
                data.RemoveRange(MaxLength, data.Count - MaxLength);
            }
        }

        return [.. data];
    }

    private void ApplyTo(List<byte> data, IReadOnlyList<byte[]> seeds, IReadOnlyList<byte[]> tokens)
    {
        var at = (int)(Position % (uint)(data.Count + 1));
        var left = data.Count - at;
        var length = left == 0 ? 0 : Length % (left + 1);
        switch (Kind)
        {
            case 0 when left > 0:
                data[at] ^= (byte)(1 << (int)(Value % 8));
                break;
            case 1 when left > 0:
                data[at] = Value % 2 == 0 ? InterestingBytes[Value / 2 % InterestingBytes.Length] : (byte)(Value >> 8);
                break;
            case 2 when left >= 4:
                var int32 = new byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(int32, Value % 2 == 0 ? InterestingInts[Value / 2 % InterestingInts.Length] : Value);
                Overwrite(data, at, int32);
                break;
            case 3 when left >= 2:
                var int16 = new byte[2];
                BinaryPrimitives.WriteUInt16BigEndian(int16, (ushort)(Value % 2 == 0 ? InterestingInts[Value / 2 % InterestingInts.Length] : Value >> 16));
                Overwrite(data, at, int16);
                break;
            case 4:
                data.InsertRange(at, RandomBytes(Length, Value));
                break;
            case 5:
                data.RemoveRange(at, length);
                break;
            case 6:
                data.InsertRange(at + length, data.GetRange(at, length));
                break;
            case 7:
                data.RemoveRange(at, left);
                break;
            case 8 when seeds.Count > 0:
                var other = seeds[(int)(Value % (uint)seeds.Count)];
                var from = other.Length == 0 ? 0 : Length % other.Length;
                data.RemoveRange(at, left);
                data.AddRange(other.AsSpan(from).ToArray());
                break;
            case 9 when data.Count > 0:
                var source = (int)(Value % (uint)data.Count);
                var count = Math.Min(length, data.Count - source);
                Overwrite(data, at, data.GetRange(source, count).ToArray());
                break;
            case 10:
                data.InsertRange(at, Enumerable.Repeat((byte)Value, Length));
                break;
            case 11 when tokens.Count > 0:
                data.InsertRange(at, tokens[(int)(Value % (uint)tokens.Count)]);
                break;
            default:
                break;
        }
    }

    private static void Overwrite(List<byte> data, int at, byte[] bytes)
    {
        for (var i = 0; i < bytes.Length && at + i < data.Count; i++)
        {
            data[at + i] = bytes[i];
        }
    }

    private static byte[] RandomBytes(int length, uint seed)
    {
        var bytes = new byte[length];
        new Random((int)seed).NextBytes(bytes);
        return bytes;
    }
}
