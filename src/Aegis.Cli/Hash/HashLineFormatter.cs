using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video.Formats;

namespace Aegis.Cli.Hash;

/// <summary>Turns a <see cref="HashLine"/> into its TSV or JSON-lines text.</summary>
internal sealed class HashLineFormatter(HashOutputFormat format, bool dihedral)
{
    private static readonly string[] VariantNames =
        ["original", "rotate90", "rotate180", "rotate270", "flipx", "flipy", "flipplus1", "flipminus1"];

    private readonly ArrayBufferWriter<byte> _json = new(1024);

    public string Format(HashLine line) => format == HashOutputFormat.Json ? Json(line) : Tsv(line);

    private string Tsv(HashLine line)
    {
        var text = new StringBuilder(dihedral ? 800 : 250);
        text.Append(EscapeTsv(line.Path)).Append('\t');
        if (line.Media.Video is { } video)
        {
            // A video: "vpdq:N" (frames hashed) where an image has its PDQ, no quality, then the digests.
            return text.Append("vpdq:").Append(video.Features.Count.ToString(CultureInfo.InvariantCulture)).Append("\t-\t")
                .Append(video.Digests.Md5.ToString()).Append('\t').Append(video.Digests.Sha256.ToString()).ToString();
        }

        if (line.Media.Image is not { } h)
        {
            return text.Append("ERROR\t").Append(EscapeTsv(line.Error ?? "")).ToString();
        }

        text.Append(h.Pdq.Hash.ToString()).Append('\t')
            .Append(h.Pdq.Quality.ToString(CultureInfo.InvariantCulture)).Append('\t')
            .Append(h.Digests.Md5.ToString()).Append('\t')
            .Append(h.Digests.Sha256.ToString());
        if (dihedral && h.Dihedral is { } variants)
        {
            for (var v = 0; v < PdqDihedralHashes.Count; v++)
            {
                text.Append('\t').Append(variants[v].ToString());
            }
        }

        return text.ToString();
    }

    private string Json(HashLine line)
    {
        _json.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_json))
        {
            writer.WriteStartObject();
            writer.WriteString("path", line.Path);
            if (line.Media.Video is { } video)
            {
                writer.WriteString("type", "video");
                writer.WriteString("md5", video.Digests.Md5.ToString());
                writer.WriteString("sha256", video.Digests.Sha256.ToString());
                writer.WriteNumber("frames", video.Features.Count);
                writer.WritePropertyName("vpdq");
                writer.WriteRawValue(VpdqSignal.Serialize(video.Features));
            }
            else if (line.Media.Image is { } h)
            {
                writer.WriteString("pdq", h.Pdq.Hash.ToString());
                writer.WriteNumber("quality", h.Pdq.Quality);
                writer.WriteString("md5", h.Digests.Md5.ToString());
                writer.WriteString("sha256", h.Digests.Sha256.ToString());
                if (dihedral && h.Dihedral is { } variants)
                {
                    writer.WriteStartObject("dihedral");
                    for (var v = 0; v < PdqDihedralHashes.Count; v++)
                    {
                        writer.WriteString(VariantNames[v], variants[v].ToString());
                    }

                    writer.WriteEndObject();
                }
            }
            else
            {
                writer.WriteString("error", line.Error);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(_json.WrittenSpan);
    }

    private static string EscapeTsv(string text) =>
        text.AsSpan().IndexOfAny('\t', '\n', '\r') < 0
            ? text
            : text.Replace("\t", "\\t", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}
