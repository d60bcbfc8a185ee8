using System.Text;

namespace Aegis.Server.Tests.Support;

/// <summary>The least of a protocol-buffers writer: varints, length-delimited bytes, strings and nested messages.</summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _bytes = new();

    /// <summary>A varint field (wire type 0).</summary>
    public ProtoWriter Varint(int field, long value)
    {
        Key(field, 0);
        Raw((ulong)value);
        return this;
    }

    /// <summary>A length-delimited field (wire type 2).</summary>
    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Key(field, 2);
        Raw((ulong)value.Length);
        _bytes.Write(value);
        return this;
    }

    /// <summary>A string field, UTF-8.</summary>
    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A nested message field.</summary>
    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    /// <summary>The bytes written.</summary>
    public byte[] ToArray() => _bytes.ToArray();

    private void Key(int field, int wireType) => Raw((ulong)((field << 3) | wireType));

    private void Raw(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.WriteByte((byte)value);
    }
}
