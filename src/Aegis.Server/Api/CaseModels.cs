using Aegis.Core.Cases;
using Aegis.Core.Reports;

namespace Aegis.Server.Api;

/// <summary><c>POST /v1/reports</c> (the platform's report button) and <c>POST /v1/flags</c> (trusted flaggers).</summary>
/// <param name="ContentIds">The reported items (1–100).</param>
/// <param name="Category">child_sexual_exploitation, sextortion, non_consensual_intimate_imagery or other_policy.</param>
/// <param name="ReporterIsSubject">The reporter says they are the person shown. No proof is asked for.</param>
/// <param name="SubjectWasMinor">The reporter says the person shown was under 18.</param>
/// <param name="ReporterId">The reporting account; leave out for an anonymous report.</param>
/// <param name="Text">What the reporter wrote.</param>
public sealed record ReportRequest(
    IReadOnlyList<string> ContentIds, ReportCategory Category, bool? ReporterIsSubject, bool? SubjectWasMinor, string? ReporterId, string? Text);

/// <summary><c>POST /v1/cases/{id}/decisions</c>.</summary>
/// <param name="Kind">confirm_csam, confirm_violation, dismiss or escalate.</param>
/// <param name="Reason">Why (required).</param>
/// <param name="Classification">For confirm_csam: a1, a2, b1 or b2 (NCMEC's industry classification).</param>
public sealed record DecisionRequest(DecisionKind Kind, string? Reason, NcmecClassification? Classification);

/// <summary><c>POST /v1/contents/{id}/exposure</c>: the platform's counts for an item.</summary>
/// <param name="Views">Views so far (0 to 10^15).</param>
/// <param name="Shares">Shares so far (0 to 10^15).</param>
public sealed record ExposureRequest(long Views, long Shares);

/// <summary><c>PUT /v1/contents/{id}/exposure</c>: the item's counts as they really are.</summary>
/// <param name="Views">Views (0 to 10^15), lower than before if need be (required).</param>
/// <param name="Shares">Shares (0 to 10^15; required).</param>
/// <param name="Reason">Why they are corrected (required; audited).</param>
public sealed record ExposureCorrectionRequest(long? Views, long? Shares, string? Reason);

/// <summary><c>POST /v1/cases/{id}/appeal</c>: the uploader appeals a confirmed case.</summary>
/// <param name="AccountId">The appealing account.</param>
/// <param name="Text">What they say.</param>
public sealed record AppealRequest(string? AccountId, string? Text);

/// <summary><c>POST /v1/cases/{id}/appeal/decision</c>: by a reviewer who did not decide the case.</summary>
/// <param name="Overturn">True restores the item; false upholds the decision.</param>
/// <param name="Reason">Why (required).</param>
public sealed record AppealDecisionRequest(bool Overturn, string? Reason);

/// <summary><c>GET /v1/cases/{id}/items</c>: one page of the items tied to a case.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Total">Items tied to it in all.</param>
/// <param name="Offset">Where this page starts.</param>
/// <param name="Items">The page.</param>
public sealed record CaseItemsPage(long CaseId, int Total, int Offset, IReadOnlyList<Aegis.Storage.CaseItem> Items);
