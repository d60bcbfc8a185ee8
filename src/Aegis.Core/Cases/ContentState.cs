using Aegis.Core.Reports;

namespace Aegis.Core.Cases;

/// <summary>An item as the case workflow sees it: who uploaded it, what the platform was told, and its exposure.</summary>
/// <param name="ContentId">The platform's id.</param>
/// <param name="UploaderId">The uploading account, if known.</param>
/// <param name="Status">Visible, restricted or removed.</param>
/// <param name="Views">Views, as the platform last reported them.</param>
/// <param name="Shares">Shares, likewise.</param>
/// <param name="Demonetized">The platform was told to stop it earning.</param>
public sealed record ContentState(string ContentId, string? UploaderId, ContentStatus Status, long Views, long Shares, bool Demonetized = false);
