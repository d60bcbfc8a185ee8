using Aegis.Core.Events;
using Aegis.Core.Cascade;
using Aegis.Core.Cases;
using Aegis.Core.Reports;

namespace Aegis.Core.Tests.Cases;

/// <summary>
/// The givens the case workflow tests share: a fixed clock, rules whose every number differs from the defaults (so a
/// step that reads <see cref="CaseRules.Default"/> instead of its rules fails), an item and cases in each state.
/// </summary>
internal static class Cases
{
    public const long CaseId = 7;
    public const long NewCaseId = 8;
    public const long ReportId = 99;
    public const string ContentId = "video-1";
    public const string Uploader = "uploader";
    public const string Platform = "platform-key";

    /// <summary>The views and shares the platform reported for the item when it was first reported.</summary>
    public const long Views = 1_200;
    public const long Shares = 40;

    public static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A distinct SLA for each level, a 20-minute claim, and copies removed within distance 10.</summary>
    public static readonly CaseRules Rules = new(
        new SlaPolicy(
            Critical: TimeSpan.FromMinutes(10),
            TrustedFlag: TimeSpan.FromMinutes(20),
            ChildSafety: TimeSpan.FromMinutes(45),
            High: TimeSpan.FromHours(6),
            Normal: TimeSpan.FromHours(48)),
        ClaimLifetime: TimeSpan.FromMinutes(20),
        new CascadeOptions(RemoveWithinDistance: 10));

    public static ContentState Item(
        string id = ContentId, ContentStatus status = ContentStatus.Visible, string? uploader = Uploader, long views = Views, long shares = Shares) =>
        new(id, uploader, status, views, shares);

    /// <summary>A child-safety case opened an hour ago by one report, due by its SLA, its item restricted on report.</summary>
    public static Case OpenCase(
        PriorityLevel level = PriorityLevel.ChildSafety, bool childSafety = true, CaseState state = CaseState.Open, int reports = 1,
        CaseClaim? claim = null, DateTimeOffset? dueAt = null) => new()
    {
        Id = CaseId,
        ContentId = ContentId,
        State = state,
        Level = level,
        Reports = reports,
        ChildSafety = childSafety,
        OpenedAt = Now.AddHours(-1),
        DueAt = dueAt ?? Rules.Sla.DueAt(Now.AddHours(-1), level),
        Claim = claim,
        Exposure = new CaseExposure(Views, Shares, Now.AddHours(-1), Views, Shares),
    };

    /// <summary>A case "ana" confirmed ten minutes ago, its cascade not yet run.</summary>
    public static Case ConfirmedCase(bool childSafety = true) =>
        OpenCase(childSafety: childSafety) with
        {
            State = CaseState.Confirmed,
            ClosedAt = Now.AddMinutes(-10),
            CascadePending = true,
            Decisions = [Decide("ana", ReviewerRole.Reviewer, childSafety ? DecisionKind.ConfirmCsam : DecisionKind.ConfirmViolation)],
        };

    /// <summary>A confirmed case whose takedown cascade has run (what an appeal is made against).</summary>
    public static Case CascadedCase(bool childSafety = true) => ConfirmedCase(childSafety) with { CascadePending = false };

    public static Decision Decide(string reviewer, ReviewerRole role, DecisionKind kind, string reason = "seen in full") =>
        new(reviewer, role, kind, reason, kind == DecisionKind.ConfirmCsam ? NcmecClassification.B1 : null);

    /// <summary>A refused step changes nothing and tells nothing.</summary>
    public static void AssertRefused(CaseRefusalKind kind, Case before, ContentState content, CaseTransition t)
    {
        Assert.Equal(kind, t.Refusal?.Kind);
        Assert.Same(before, t.Case);
        Assert.Equal(content, t.Content);
        Assert.Empty(t.Events);
        Assert.False(t.UnbanHashes);
    }

    /// <summary>
    /// A decision the rules refuse changes nothing but is audited (<see cref="CaseDecisionRefused"/>); no claim was held,
    /// so none is given back.
    /// </summary>
    public static void AssertRuledOut(Case before, ContentState content, Decision decision, CaseTransition t)
    {
        Assert.Equal(CaseRefusalKind.Conflict, t.Refusal?.Kind);
        Assert.Same(before, t.Case);
        Assert.Equal(content, t.Content);
        Assert.Equal<DomainEvent>([new CaseDecisionRefused(decision.Reviewer, before.Id, decision.Kind, t.Refusal!.Message, ClaimReleased: false)], t.Events);
        Assert.Null(t.Events[0].WebhookType); // audited, not told
    }

    public static ReportIntake Report(
        ReportCategory category, ReportSource source = ReportSource.User, bool isSubject = false, bool? minor = null) =>
        new([ContentId], category, source, isSubject, minor, source == ReportSource.Anonymous ? null : "reporter-1", null);
}
