using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aegis.CyberTip.Evidence;

/// <summary>
/// What is preserved of an item besides its bytes, encrypted with them (the storage holds none of it in the clear): what
/// a CyberTipline report describes. <see cref="Sha256"/> and <see cref="Size"/> are of the preserved bytes and are
/// checked on every read.
/// </summary>
public sealed record EvidenceMetadata
{
    /// <summary>Serialized in snake_case, nulls left out.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required long CaseId { get; init; }

    public required string ContentId { get; init; }

    /// <summary>image, video or unknown (an item never seen by the gate).</summary>
    public required string Kind { get; init; }

    public required string MediaType { get; init; }

    /// <summary>How the bytes came: <c>gate</c>, <c>fetch</c> or <c>upload</c>.</summary>
    public required string Source { get; init; }

    public DateTimeOffset PreservedAt { get; init; }

    /// <summary>Length of the preserved bytes (set when sealed).</summary>
    public long Size { get; init; }

    /// <summary>SHA-256 of the preserved bytes, hex (set when sealed).</summary>
    public string Sha256 { get; init; } = "";

    /// <summary>MD5 of the preserved bytes, hex (set when sealed; NCMEC asks for it).</summary>
    public string Md5 { get; init; } = "";

    /// <summary>The hashes the gate recorded for the item (PDQ, MD5, SHA-256, vPDQ), if it passed the gate.</summary>
    public string? Pdq { get; init; }

    public int? PdqQuality { get; init; }

    public string? RecordedMd5 { get; init; }

    public string? RecordedSha256 { get; init; }

    public string? Vpdq { get; init; }

    public DateTimeOffset? UploadedAt { get; init; }

    public string? UploaderId { get; init; }

    public string? UploaderIp { get; init; }

    /// <summary>Where the item was (the URL it was fetched from, or the platform's own).</summary>
    public IReadOnlyList<string> Urls { get; init; } = [];

    public string? FileName { get; init; }

    public IReadOnlyList<EvidenceReport> Reports { get; init; } = [];

    public IReadOnlyList<EvidenceMatch> Matches { get; init; } = [];

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <exception cref="EvidenceIntegrityException">Not metadata (only possible if its GCM tag were forged).</exception>
    public static EvidenceMetadata FromUtf8(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return JsonSerializer.Deserialize<EvidenceMetadata>(utf8, Json) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new EvidenceIntegrityException("The evidence metadata does not read back.", e);
        }
    }
}

/// <summary>A report of the item, as preserved.</summary>
public sealed record EvidenceReport(DateTimeOffset ReceivedAt, string Category, string Source, string? ReporterId, string? Text);

/// <summary>A bank match of the item, as preserved.</summary>
public sealed record EvidenceMatch(string Bank, long EntryId, string Signal, int Distance);
