using Aegis.Core.Cases;
using Aegis.Core.Reports;

namespace Aegis.Storage;

/// <summary>A copy by hash tied to a case.</summary>
/// <param name="ContentId">The copy.</param>
/// <param name="Kind">copy (restricted or removed with the case) or held_copy (too far to act on unseen: held, with a case of its own).</param>
/// <param name="Distance">Its PDQ distance to the case's item (0 for the same bytes).</param>
/// <param name="UploaderId">Who uploaded it.</param>
/// <param name="Status">Visible, restricted or removed.</param>
/// <param name="Demonetized">Told to stop earning.</param>
/// <param name="Views">Views, as the platform last reported them.</param>
/// <param name="Shares">Shares, likewise.</param>
/// <param name="CaseId">Its own latest case, if it has one (a held copy's review).</param>
/// <param name="CaseState">That case's state.</param>
public sealed record DossierCopy(
    string ContentId, CaseLinkKind Kind, int? Distance, string? UploaderId, ContentStatus Status, bool Demonetized, long Views, long Shares,
    long? CaseId, CaseState? CaseState);
