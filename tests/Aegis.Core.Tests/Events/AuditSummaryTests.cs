using System.Text.Json;
using System.Text.Json.Serialization;
using Aegis.Core.Cases;
using Aegis.Core.Events;
using Aegis.Core.Reports;
using static Aegis.Core.Tests.Cases.Cases;

namespace Aegis.Core.Tests.Events;

public sealed class AuditSummaryTests
{
    /// <summary>The audit log's JSON, as the store writes an event's data (snake_case, enums as snake_case strings, no nulls).</summary>
    private static readonly JsonSerializerOptions AuditJson = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private static string Summary(DomainEvent e)
    {
        var data = e.AuditData();
        return AuditSummary.Describe(e.AuditAction!, JsonSerializer.Serialize(data, data.GetType(), AuditJson));
    }

    public static TheoryData<string, DomainEvent> Events => new()
    {
        {
            "non_consensual_intimate_imagery report; from user; by the person shown; says a minor is shown; join_case",
            new ReportReceived(Platform, ContentId, 5, CaseId, ReportCategory.NonConsensualIntimateImagery, ReportSource.User, true, true, PriorityLevel.Critical, TriageAction.JoinCase)
        },
        { "confirm_csam B1 (senior); seen in full", new CaseDecided(ConfirmedCase(), Decide("sam", ReviewerRole.Senior, DecisionKind.ConfirmCsam)) },
        { "video-1; reported: a child may be harmed", new ContentRestricted(ContentId, CaseId, "reported: a child may be harmed") },
        { "claimed until 2026-11-25T10:20:00+00:00", new CaseClaimed("ana", CaseId, Now.AddMinutes(20)) },
        { "dismiss refused; needs a senior", new CaseDecisionRefused("ben", CaseId, DecisionKind.Dismiss, "needs a senior", true) },
        { "uploader suspended; confirmed csam", new AccountSuspended(Uploader, CaseId, "confirmed csam") },
        { "video-1; case viewed", new EvidenceViewed("ana", CaseId, ContentId) },
        { "video-1; evidence 3 read; review", new EvidenceViewed("ana", CaseId, ContentId) { EvidenceId = 3, Purpose = "review" } },
        { "video-1 seen while removed: views 10 → 25, shares 1 → 2", new ContentExposedAfterRestriction(ContentId, ContentStatus.Removed, 25, 2, 10, 1, [CaseId]) },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void An_entry_is_summarized_from_what_its_event_wrote(string expected, DomainEvent e) => Assert.Equal(expected, Summary(e));

    [Fact]
    public void A_long_reason_is_cut_to_one_line_of_at_most_the_maximum()
    {
        var reason = "line one\nline two " + new string('x', 500);

        var summary = Summary(new ContentRemoved(ContentId, CaseId, reason));

        Assert.Equal(AuditSummary.MaxLength, summary.Length);
        Assert.StartsWith("video-1; line one line two x", summary);
        Assert.EndsWith("…", summary);
    }

    [Theory]
    [InlineData("something.new", """{"reason": "x"}""")]
    [InlineData("case.decided", "not json")]
    [InlineData("case.decided", "[1, 2]")]
    [InlineData("case.opened", "{}")]
    public void What_it_cannot_read_is_summarized_by_its_action(string action, string data) =>
        Assert.Equal(action, AuditSummary.Describe(action, data));
}
