namespace Aegis.Storage;

/// <summary>
/// Everything that bears on a case's decision, read at once for the review console's case page and
/// <c>GET /v1/cases/{id}/dossier</c> (<see cref="CaseStore.DossierAsync"/>). Metadata only: no evidence bytes. Each list
/// says how many there are in all beside the ones it holds (the caps are <see cref="CaseStore"/>'s <c>Dossier…</c> constants).
/// </summary>
/// <param name="Case">The case as <c>GET /v1/cases/{id}</c> shows it (its linked items and alerts are below, not repeated there).</param>
/// <param name="Standing">Where it stands, in one plain sentence (<see cref="Core.Cases.CaseSentence"/>): "Dismissed by ana; awaiting a senior reviewer."</param>
/// <param name="Item">The case's item as it is now.</param>
/// <param name="Reports">Every report the case took, oldest first: who, what they said, their claims.</param>
/// <param name="Matches">The bank matches of the item: the gate's (with the video frame) and those found later.</param>
/// <param name="Reshares">The item's reshare tree (parent links, any depth), shallowest first.</param>
/// <param name="Copies">Copies by hash tied to the case (restricted or removed with it, or held for review), nearest first.</param>
/// <param name="Exposure">Views and shares at each step, and the views reported after restriction.</param>
/// <param name="Uploader">The uploader's other items and their cases, and any suspension; null when the uploader is unknown.</param>
/// <param name="Timeline">The audit entries about the case, its item, its linked items, its uploader, its evidence and its CyberTipline report, oldest first.</param>
/// <param name="CyberTip">The CyberTipline report the case is in, or null (not confirmed, or not reportable).</param>
/// <param name="Evidence">The case's items in the evidence vault, as listed (no bytes).</param>
public sealed record CaseDossier(
    CaseSummary Case,
    string Standing,
    DossierItem Item,
    DossierList<DossierReport> Reports,
    IReadOnlyList<DossierMatch> Matches,
    DossierList<ReshareNode> Reshares,
    DossierList<DossierCopy> Copies,
    DossierExposure Exposure,
    DossierUploader? Uploader,
    DossierList<TimelineEntry> Timeline,
    DossierCyberTip? CyberTip,
    IReadOnlyList<DossierEvidence> Evidence);
