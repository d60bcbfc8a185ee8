namespace Aegis.Core.CyberTip;

/// <summary>
/// A CyberTipline report about one reported person and where its submission stands: the cases it gathers, the files
/// it carries, and, once opened at NCMEC, NCMEC's report id and the window in which the unfinished report lives there.
/// Changed only through <see cref="CyberTipSaga"/>.
/// </summary>
/// <param name="Id">Aegis's id of the report.</param>
/// <param name="PersonId">The reported person's account id on the platform (empty when unknown).</param>
public sealed record CyberTipReport(long Id, string PersonId)
{
    public CyberTipState State { get; init; } = CyberTipState.Drafted;

    /// <summary>The confirmed cases the report gathers.</summary>
    public IReadOnlyList<long> CaseIds { get; init; } = [];

    /// <summary>The files, in the order they are uploaded (fixed when the submission begins).</summary>
    public IReadOnlyList<CyberTipFile> Files { get; init; } = [];

    /// <summary>NCMEC's ids of this person's earlier reports: this one is a follow-up citing them.</summary>
    public IReadOnlyList<long> FollowUpOf { get; init; } = [];

    /// <summary>NCMEC's id of the report opened for this submission (null: none open).</summary>
    public long? NcmecReportId { get; init; }

    /// <summary>When NCMEC opened the report.</summary>
    public DateTimeOffset? OpenedAt { get; init; }

    /// <summary>When the open report last changed at NCMEC (a file uploaded, its details sent).</summary>
    public DateTimeOffset? LastChangeAt { get; init; }

    /// <summary>The call under way: set before it is made and cleared once its result is kept, so a node that died during it is known.</summary>
    public CyberTipAction? InFlight { get; init; }

    /// <summary>The open report must be retracted before anything else (a file's upload whose outcome is unknown, a refusal).</summary>
    public bool RetractPending { get; init; }

    /// <summary>Once retracted, the report fails with this reason instead of starting again.</summary>
    public string? FailAfterRetract { get; init; }

    /// <summary>Failed attempts since the last step that succeeded.</summary>
    public int Attempts { get; init; }

    /// <summary>When the next step may be tried.</summary>
    public DateTimeOffset NextAttemptAt { get; init; }

    /// <summary>Why the last attempt failed, or why the report failed.</summary>
    public string? LastError { get; init; }

    /// <summary>NCMEC's response code of the last failure.</summary>
    public int? LastCode { get; init; }

    /// <summary>NCMEC's <c>Request-ID</c> of the last call.</summary>
    public string? LastRequestId { get; init; }

    /// <summary>For a failed report: what a human can do.</summary>
    public string? Remedy { get; init; }

    /// <summary>Who approved the submission (<c>system</c> for an automatic one).</summary>
    public string? ApprovedBy { get; init; }

    /// <summary>When NCMEC finished the report.</summary>
    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>The last moment NCMEC keeps the open report unfinished: 24 hours after opening or 1 hour after its last change, whichever is later.</summary>
    public DateTimeOffset? ExpiresAt => OpenedAt is { } opened
        ? Max(opened + CyberTipSaga.OpenWindow, (LastChangeAt ?? opened) + CyberTipSaga.IdleWindow)
        : null;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
