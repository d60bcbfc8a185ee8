using System.Buffers.Binary;
using System.Text;

namespace Aegis.Core.Signals;

public sealed partial class ConversationState
{
    /// <summary>The format's version, its first byte.</summary>
    private const byte FormatVersion = 1;

    /// <summary>
    /// The state as bytes, to keep between messages (a row of the store, read back on any node): version 1, then the
    /// participants, counters, ages, the script's step positions, the category weights (with their count, so a
    /// later version with more categories reads an older state), the carried token ids (valid for the same compiled
    /// banks: the caller drops them when the banks change, <see cref="FromBytes"/>'s <c>keepTail</c>), and the evidence.
    /// </summary>
    public byte[] ToBytes()
    {
        var buffer = new List<byte>(128) { FormatVersion };
        String(buffer, First);
        String(buffer, Second);
        Int(buffer, Messages);
        Long(buffer, FirstAt.ToUnixTimeMilliseconds());
        Long(buffer, LastAt.ToUnixTimeMilliseconds());
        buffer.Add((byte)((Connected ? 1 : 0) | (Changed ? 2 : 0)));
        buffer.Add((byte)Raised);
        buffer.Add((byte)FirstAge);
        buffer.Add((byte)SecondAge);
        foreach (var at in (ReadOnlySpan<int>)[FirstRequestAt, SecondRequestAt, FirstMediaAfterRequestAt, SecondMediaAfterRequestAt, FirstDemandAfterMediaAt, SecondDemandAfterMediaAt])
        {
            Int(buffer, at);
        }

        buffer.Add(SignalCategories.Count);
        buffer.AddRange(((ReadOnlySpan<byte>)_weights).ToArray());
        buffer.Add((byte)TailSlot);
        buffer.Add(TailCount);
        foreach (var id in ((ReadOnlySpan<int>)_tail)[..TailCount])
        {
            Int(buffer, id);
        }

        String(buffer, TailMessageId);
        var evidence = Evidence;
        Int(buffer, evidence.Count);
        foreach (var e in evidence)
        {
            String(buffer, e.MessageId);
            String(buffer, e.SenderId);
            String(buffer, e.Rule);
            buffer.Add(e.Category is { } c ? (byte)c : byte.MaxValue);
            Long(buffer, BitConverter.DoubleToInt64Bits(e.Weight));
            String(buffer, e.Matched);
            String(buffer, e.StartMessageId);
        }

        return [.. buffer];
    }

    /// <summary>A state read back from <see cref="ToBytes"/>.</summary>
    /// <param name="bytes">The stored bytes.</param>
    /// <param name="keepTail">False when the banks were compiled again since (their token ids changed): the carried words are dropped.</param>
    /// <exception cref="FormatException">Not a state of a version this code reads.</exception>
    public static ConversationState FromBytes(ReadOnlySpan<byte> bytes, bool keepTail = true)
    {
        var reader = new Reader(bytes);
        if (reader.Byte() != FormatVersion)
        {
            throw new FormatException("Not a conversation state of version 1.");
        }

        var state = new ConversationState
        {
            First = reader.String(),
            Second = reader.String(),
            Messages = reader.Int(),
            FirstAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.Long()),
            LastAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.Long()),
        };
        var flags = reader.Byte();
        (state.Connected, state.Changed) = ((flags & 1) != 0, (flags & 2) != 0);
        state.Raised = (SignalKind)reader.Byte();
        state.FirstAge = (AgeBand)reader.Byte();
        state.SecondAge = (AgeBand)reader.Byte();
        state.FirstRequestAt = reader.Int();
        state.SecondRequestAt = reader.Int();
        state.FirstMediaAfterRequestAt = reader.Int();
        state.SecondMediaAfterRequestAt = reader.Int();
        state.FirstDemandAfterMediaAt = reader.Int();
        state.SecondDemandAfterMediaAt = reader.Int();
        var categories = reader.Byte();
        var weights = reader.Bytes(2 * categories);
        for (var side = 0; side < 2; side++)
        {
            for (var c = 0; c < Math.Min((int)categories, SignalCategories.Count); c++)
            {
                state._weights[(side * SignalCategories.Count) + c] = weights[(side * categories) + c];
            }
        }

        var slot = (sbyte)reader.Byte();
        var count = reader.Byte();
        if (count > TailLength)
        {
            throw new FormatException("A conversation state carries at most 4 words.");
        }

        Span<int> tail = stackalloc int[count];
        for (var i = 0; i < count; i++)
        {
            tail[i] = reader.Int();
        }

        var tailMessage = reader.String();
        if (keepTail && count > 0 && slot is 0 or 1)
        {
            state.SetTail(slot, tail, tailMessage);
        }

        var evidence = reader.Int();
        for (var i = 0; i < evidence; i++)
        {
            var messageId = reader.String() ?? "";
            var sender = reader.String() ?? "";
            var rule = reader.String() ?? "";
            var category = reader.Byte();
            var weight = BitConverter.Int64BitsToDouble(reader.Long());
            var matched = reader.String() ?? "";
            state.Add(new SignalEvidence(messageId, sender, rule, category == byte.MaxValue ? null : (SignalCategory)category, weight, matched, reader.String()));
        }

        return state;
    }

    private static void String(List<byte> buffer, string? value)
    {
        if (value is null)
        {
            Int(buffer, -1);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        Int(buffer, bytes.Length);
        buffer.AddRange(bytes);
    }

    private static void Int(List<byte> buffer, int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, value);
        buffer.AddRange(b.ToArray());
    }

    private static void Long(List<byte> buffer, long value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, value);
        buffer.AddRange(b.ToArray());
    }

    /// <summary>Reads the format forward; any read past the end is a <see cref="FormatException"/>.</summary>
    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _at;

        public byte Byte() => Bytes(1)[0];

        public int Int() => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4));

        public long Long() => BinaryPrimitives.ReadInt64LittleEndian(Bytes(8));

        public string? String()
        {
            var length = Int();
            return length switch
            {
                -1 => null,
                < 0 => throw new FormatException("A negative length in a conversation state."),
                _ => Encoding.UTF8.GetString(Bytes(length)),
            };
        }

        public ReadOnlySpan<byte> Bytes(int count)
        {
            if (count < 0 || _at + count > _bytes.Length)
            {
                throw new FormatException("A conversation state ends early.");
            }

            var slice = _bytes.Slice(_at, count);
            _at += count;
            return slice;
        }
    }
}
