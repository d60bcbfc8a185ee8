namespace Aegis.Server.Evidence;

/// <summary>What the platform tells of an item it uploads that the gate never recorded (a text-only case's messages).</summary>
internal sealed record EvidenceExtras(string? UploaderId = null, string? UploaderIp = null, DateTimeOffset? UploadedAt = null, string? Url = null, string? FileName = null)
{
    public static readonly EvidenceExtras None = new();
}
