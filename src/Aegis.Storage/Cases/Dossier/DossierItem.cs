using Aegis.Core.Content;
using Aegis.Core.Gate;
using Aegis.Core.Reports;

namespace Aegis.Storage;

/// <summary>A case's item as it is now.</summary>
/// <param name="ContentId">The platform's id.</param>
/// <param name="Kind">Image, video, or hashes only (an item reported before the gate saw it).</param>
/// <param name="UploaderId">Who uploaded it, if known.</param>
/// <param name="UploadedAt">When, as the platform said.</param>
/// <param name="ParentContentId">The item it reshares, if it is a reshare.</param>
/// <param name="Verdict">The gate's verdict.</param>
/// <param name="Status">Visible, restricted or removed.</param>
/// <param name="Demonetized">Told to stop earning.</param>
/// <param name="Views">Views, as the platform last reported them.</param>
/// <param name="Shares">Shares, likewise.</param>
public sealed record DossierItem(
    string ContentId, MediaKind Kind, string? UploaderId, DateTimeOffset? UploadedAt, string? ParentContentId, Verdict Verdict,
    ContentStatus Status, bool Demonetized, long Views, long Shares);
