namespace Aegis.Core.Cascade;

/// <summary>An item the cascade reaches.</summary>
/// <param name="ContentId">The platform's id.</param>
/// <param name="UploaderId">Who uploaded it, if known.</param>
/// <param name="ParentContentId">What it reshares, if it is a reshare.</param>
public sealed record CascadeItem(string ContentId, string? UploaderId, string? ParentContentId);
