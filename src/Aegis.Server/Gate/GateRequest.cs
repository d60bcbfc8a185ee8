namespace Aegis.Server.Gate;

/// <summary>Who and what an upload is, as the platform tells the gate.</summary>
/// <param name="ContentId">The platform's id for the item.</param>
/// <param name="UploaderId">The uploading account.</param>
/// <param name="UploaderIp">The uploader's IP address.</param>
/// <param name="UploadedAt">When the platform received it.</param>
/// <param name="ParentContentId">For a reshare or quote: the item it reshares.</param>
public sealed record GateRequest(
    string? ContentId, string? UploaderId, string? UploaderIp, DateTimeOffset? UploadedAt, string? ParentContentId);
