using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Aegis.Matching.Banks;

namespace Aegis.Matching.Formats;

/// <summary>A hash as its type and bits (40 bytes; a vPDQ signal as its SHA-256), for duplicate detection without keeping the hex strings.</summary>
internal readonly record struct HashKey(SignalType Type, ulong W0, ulong W1, ulong W2, ulong W3)
{
    public static HashKey From(HashListRecord record)
    {
        if (!SignalValues.TryCanonicalize(record.Type, (record.Value ?? "").AsSpan(), out var value, out var reason))
        {
            throw new ArgumentException($"Not a valid hash: {reason}.", nameof(record));
        }

        Span<byte> bytes = stackalloc byte[32];
        if (record.Type == SignalType.Vpdq)
        {
            // A signal is kilobytes: its SHA-256 stands for it (equal signals have equal canonical text).
            SHA256.HashData(Encoding.UTF8.GetBytes(value), bytes);
        }
        else
        {
            Convert.FromHexString(value, bytes[..(SignalValues.HexLength(record.Type) / 2)], out _, out _);
        }

        return new HashKey(
            record.Type,
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
    }
}
