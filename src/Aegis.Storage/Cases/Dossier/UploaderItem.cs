using Aegis.Core.Content;
using Aegis.Core.Gate;
using Aegis.Core.Reports;

namespace Aegis.Storage;

/// <summary>Another item of a case item's uploader.</summary>
/// <param name="ContentId">The item.</param>
/// <param name="Kind">Image, video or hashes only.</param>
/// <param name="UploadedAt">When, as the platform said (else when Aegis recorded it).</param>
/// <param name="Verdict">The gate's verdict.</param>
/// <param name="Status">Visible, restricted or removed.</param>
/// <param name="Cases">The cases on it, oldest first.</param>
public sealed record UploaderItem(string ContentId, MediaKind Kind, DateTimeOffset UploadedAt, Verdict Verdict, ContentStatus Status, IReadOnlyList<UploaderCase> Cases);
