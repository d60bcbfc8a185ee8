using System.Runtime.InteropServices;
using System.Text;

namespace Aegis.Server.Tests.Support;

/// <summary>
/// A tiny ONNX model written byte by byte (onnx.proto's field numbers; no onnx package): input <c>tokens</c> float
/// [1, N], <c>scores = Sigmoid(tokens × weight + bias)</c> with weight [N, C] and bias [C], output <c>scores</c> float
/// [1, C]. <see cref="Phrase"/> gives a model that scores one invented phrase high on its first output and everything
/// else low, hashing tokens as docs/signals.md says a platform's model must (FNV-1a 32-bit of the UTF-8, mod N).
/// </summary>
internal static class TinyOnnxModel
{
    private const int FloatType = 1; // TensorProto.DataType.FLOAT

    /// <summary>
    /// A model of <paramref name="buckets"/> inputs and <paramref name="outputs"/> scores in which each of
    /// <paramref name="phrase"/>'s words and each pair of neighbouring words adds 2 to the first output's logit, from a
    /// bias of −7: the whole three-word phrase (5 features) scores σ(3) ≈ 0.95, two of its words at most σ(−1) ≈ 0.27,
    /// every other output σ(−7) ≈ 0.001.
    /// </summary>
    public static byte[] Phrase(string phrase, int buckets, int outputs)
    {
        var words = phrase.Split(' ');
        var weight = new float[buckets * outputs];
        foreach (var feature in words.Concat(words.Zip(words.Skip(1), (a, b) => $"{a} {b}")))
        {
            weight[Bucket(feature, buckets) * outputs] = 2;
        }

        return Write(buckets, outputs, weight, [.. Enumerable.Repeat(-7f, outputs)]);
    }

    /// <summary>The bucket of a token or bigram, computed here independently of the server: FNV-1a 32-bit of its UTF-8, mod N.</summary>
    public static int Bucket(string feature, int buckets)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(feature))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % (uint)buckets);
    }

    /// <summary>The model file's bytes (ir_version 8, opset 13): MatMul → Add → Sigmoid.</summary>
    public static byte[] Write(int buckets, int outputs, float[] weight, float[] bias)
    {
        var graph = new ProtoWriter()
            .Message(1, Node("MatMul", ["tokens", "weight"], "product"))
            .Message(1, Node("Add", ["product", "bias"], "logits"))
            .Message(1, Node("Sigmoid", ["logits"], "scores"))
            .String(2, "aegis-test-model")
            .Message(5, Tensor("weight", [buckets, outputs], weight))
            .Message(5, Tensor("bias", [outputs], bias))
            .Message(11, ValueInfo("tokens", [1, buckets]))
            .Message(12, ValueInfo("scores", [1, outputs]));
        return new ProtoWriter()
            .Varint(1, 8) // ir_version
            .String(2, "aegis-tests") // producer_name
            .Message(7, graph)
            .Message(8, new ProtoWriter().String(1, "").Varint(2, 13)) // opset_import: the default domain, opset 13
            .ToArray();
    }

    private static ProtoWriter Node(string op, string[] inputs, string output)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        return node.String(2, output).String(3, op.ToLowerInvariant()).String(4, op);
    }

    private static ProtoWriter Tensor(string name, long[] dims, float[] values)
    {
        var tensor = new ProtoWriter();
        foreach (var dim in dims)
        {
            tensor.Varint(1, dim);
        }

        // raw_data is little-endian, as this machine is
        return tensor.Varint(2, FloatType).String(8, name).Bytes(9, MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static ProtoWriter ValueInfo(string name, long[] dims)
    {
        var shape = new ProtoWriter();
        foreach (var dim in dims)
        {
            shape.Message(1, new ProtoWriter().Varint(1, dim)); // TensorShapeProto.Dimension.dim_value
        }

        var tensorType = new ProtoWriter().Varint(1, FloatType).Message(2, shape);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensorType));
    }
}
