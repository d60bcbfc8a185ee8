using Aegis.Core.Reports;

namespace Aegis.Storage;

/// <summary>A reshare in a case item's reshare tree.</summary>
/// <param name="ContentId">The reshare.</param>
/// <param name="ParentContentId">What it reshares: the case's item (depth 1) or another reshare.</param>
/// <param name="Depth">1 for a reshare of the case's item, 2 for a reshare of that, and so on.</param>
/// <param name="UploaderId">Who reshared it.</param>
/// <param name="Status">Visible, restricted or removed.</param>
/// <param name="Demonetized">Told to stop earning.</param>
/// <param name="Views">Views, as the platform last reported them.</param>
/// <param name="Shares">Shares, likewise.</param>
public sealed record ReshareNode(
    string ContentId, string ParentContentId, int Depth, string? UploaderId, ContentStatus Status, bool Demonetized, long Views, long Shares);
